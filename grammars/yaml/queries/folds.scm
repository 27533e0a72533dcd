; Foldable regions: block and flow collections, multi-line pairs and items, block scalars.

[
  (block_mapping_pair)
  (block_sequence_item)
  (flow_mapping)
  (flow_sequence)
  (block_scalar)
] @fold
