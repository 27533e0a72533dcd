; The places the server looks up.
;
; @key / @pair: every mapping key (block or flow, implicit or after `?`) and the pair it belongs
;   to. The key is the whole key node, with its properties (anchor, tag) if it has any. A block
;   pair's range runs on over the whitespace after its text, into the next entry's line.
; @ref.key / @ref.value: every `$ref` (plain or quoted key) whose value is a scalar: the key
;   scalar and the value scalar, quotes included.
; @operation_id.key / @operation_id.value: every `operationId` whose value is a scalar.

(block_mapping_pair
  key: (_) @key) @pair

(flow_pair
  key: (_) @key) @pair

(block_mapping_pair
  key: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @ref.key)
  value: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @ref.value)
  (#any-of? @ref.key "$ref" "\"$ref\"" "'$ref'"))

(flow_pair
  key: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @ref.key)
  value: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @ref.value)
  (#any-of? @ref.key "$ref" "\"$ref\"" "'$ref'"))

(block_mapping_pair
  key: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @operation_id.key)
  value: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @operation_id.value)
  (#any-of? @operation_id.key "operationId" "\"operationId\"" "'operationId'"))

(flow_pair
  key: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @operation_id.key)
  value: (flow_node
    [
      (plain_scalar)
      (double_quote_scalar)
      (single_quote_scalar)
    ] @operation_id.value)
  (#any-of? @operation_id.key "operationId" "\"operationId\"" "'operationId'"))
