; Foldable regions: objects and arrays, from the opening bracket to the closing one. A node on
; one line folds nothing, and consumers drop those.

[
  (object)
  (array)
] @fold
