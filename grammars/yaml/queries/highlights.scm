; Highlights for the specls YAML grammar. Keys are set apart from values; `$ref` values are
; marked as links.

(comment) @comment

[
  (double_quote_scalar)
  (single_quote_scalar)
  (block_scalar)
  (plain_scalar)
] @string

(anchor) @label
(alias) @label

(tag) @type

[
  (yaml_directive)
  (tag_directive)
  (reserved_directive)
] @attribute

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

((block_mapping_pair
  key: (flow_node) @_key
  value: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @string.special.url))
  (#match? @_key "^[\"']?\\$ref[\"']?$"))

((flow_pair
  key: (flow_node) @_key
  value: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @string.special.url))
  (#match? @_key "^[\"']?\\$ref[\"']?$"))

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
