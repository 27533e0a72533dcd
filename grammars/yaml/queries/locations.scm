; The places the server looks up: every mapping key (@key, with its pair as @pair) and every
; `$ref` value (@ref.value, with its key as @ref.key).

(block_mapping_pair
  key: (flow_node) @key) @pair

(flow_pair
  key: (flow_node) @key) @pair

((block_mapping_pair
  key: (flow_node) @ref.key
  value: (flow_node) @ref.value)
  (#match? @ref.key "^[\"']?\\$ref[\"']?$"))

((flow_pair
  key: (flow_node) @ref.key
  value: (flow_node) @ref.value)
  (#match? @ref.key "^[\"']?\\$ref[\"']?$"))
