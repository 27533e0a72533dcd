; The places the server looks up.
;
; @key / @pair: every object key (the string, quotes included) and the pair it belongs to.
; @ref.key / @ref.value: every `"$ref"` whose value is a string: the key and the value strings,
;   quotes included.
; @operation_id.key / @operation_id.value: every `"operationId"` whose value is a string.

(pair
  key: (string) @key) @pair

((pair
  key: (string) @ref.key
  value: (string) @ref.value)
  (#eq? @ref.key "\"$ref\""))

((pair
  key: (string) @operation_id.key
  value: (string) @operation_id.value)
  (#eq? @operation_id.key "\"operationId\""))
