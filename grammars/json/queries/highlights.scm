; Highlights for JSON.
;
; Precedence: when several patterns capture the same node, the LATER pattern wins (tree-sitter's
; own highlighter since 0.25, Neovim, Zed, Helix). So the general patterns come first: every
; string is a @string, then object keys are @property and `$ref` values are links.

(string) @string

(escape_sequence) @string.escape

(number) @number

[
  (true)
  (false)
] @boolean

(null) @constant.builtin

(comment) @comment

(pair
  key: (string) @property)

; `$ref` values (JSON Reference, as OpenAPI and AsyncAPI use them). The key is tested on its
; content, not on the key string itself: a later capture of the key string, even one that names no
; highlight, would take the @property away from it.
(pair
  key: (string
    (string_content) @_ref_key)
  value: (string) @string.special.url
  (#eq? @_ref_key "$ref"))

[
  ","
  ":"
] @punctuation.delimiter

[
  "["
  "]"
  "{"
  "}"
] @punctuation.bracket
