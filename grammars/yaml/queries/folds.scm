; Foldable regions. Each capture is a node; a node on one line folds nothing, and consumers drop
; those. A block pair's or item's range runs on over the whitespace after its text (up to the
; next entry, in that entry's line): consumers end a fold on the row of the node's last
; non-whitespace character.

; Block collections, one fold per entry: a pair folds from its key to the end of its value, an
; item from its `-` to the end of its value.
[
  (block_mapping_pair)
  (block_sequence_item)
] @fold

; Flow collections, from the opening bracket to the closing one.
[
  (flow_mapping)
  (flow_sequence)
] @fold

; Block scalars (`|` and `>`), from the indicator to their last line.
(block_scalar) @fold

; Quoted scalars that span lines.
[
  (double_quote_scalar)
  (single_quote_scalar)
] @fold
