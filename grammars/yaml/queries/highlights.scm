; Highlights for the specls YAML grammar.
;
; Precedence: when several patterns capture the same node, the LATER pattern wins (tree-sitter's
; own highlighter since 0.25, Neovim, Zed, Helix). So this file goes from the general to the
; specific: every scalar is a @string, then plain scalars that the YAML 1.2 core schema resolves
; to null, booleans and numbers, then mapping keys (@property, so `200:` is a key, not a number),
; then `$ref` values.

(comment) @comment

[
  (double_quote_scalar)
  (single_quote_scalar)
  (block_scalar)
  (plain_scalar)
] @string

; YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution): a plain scalar is null,
; a boolean or a number only when its whole text matches.
((plain_scalar) @constant.builtin
  (#match? @constant.builtin "^(null|Null|NULL|~)$"))

((plain_scalar) @boolean
  (#match? @boolean "^(true|True|TRUE|false|False|FALSE)$"))

; Integers (decimal, 0o octal, 0x hex), then floats (with an optional exponent), then infinities
; and not-a-number.
((plain_scalar) @number
  (#match? @number "^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$"))

(anchor) @label

(alias) @label

(tag) @type

[
  (yaml_directive)
  (tag_directive)
  (reserved_directive)
] @keyword.directive

; Keys: a scalar key of a block pair (implicit or after `?`) or of a flow pair.
(block_mapping_pair
  key: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @property))

(flow_pair
  key: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @property))

; `$ref` values (JSON Reference, as OpenAPI and AsyncAPI use them), with the key plain or quoted.
; The key is tested on its flow_node, not on its scalar: a later capture of the scalar itself, even
; one that names no highlight, would take the @property away from the key.
(block_mapping_pair
  key: (flow_node) @_ref_key
  value: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @string.special.url)
  (#any-of? @_ref_key "$ref" "\"$ref\"" "'$ref'"))

(flow_pair
  key: (flow_node) @_ref_key
  value: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @string.special.url)
  (#any-of? @_ref_key "$ref" "\"$ref\"" "'$ref'"))

[
  ","
  "-"
  ":"
  "?"
] @punctuation.delimiter

[
  "["
  "]"
  "{"
  "}"
] @punctuation.bracket

[
  "---"
  "..."
] @punctuation.special
