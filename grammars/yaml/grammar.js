/**
 * The YAML grammar of specls: YAML 1.2 as API specifications use it.
 *
 * Written for specls. The external scanner (src/scanner.c) does the lexing that depends on
 * indentation and on flow context; this file only says how the tokens nest. Its serialized state
 * holds the indentation stack, never a row or an absolute position, so an edit reparses only the
 * block around it.
 *
 * How blocks are delimited (all by the scanner):
 * - a block sequence starts with a zero-width `_bseq_begin` before its first `-`;
 * - a block mapping starts at its first key: the scanner knows where that key started, and the
 *   `:` after it (`_first_colon`) opens the mapping at that key's column; a mapping that starts
 *   with an explicit key (`? `) gets a zero-width `_bmap_begin`;
 * - entries after the first are separated by a zero-width `_sep` (a new line at the
 *   collection's column), and a zero-width `_block_end` closes the collection (a line indented
 *   less, a document marker, the end of the file).
 */

module.exports = grammar({
  name: 'specls_yaml',

  externals: $ => [
    $._bseq_begin,
    $._bmap_begin,
    $._block_end,
    $._sep,
    $._compact_ok, // never produced: its validity tells the scanner that a compact collection may start
    $._props_nl, // zero-width: properties stand on a line of their own, before a block collection
    $._first_colon,
    $._colon,
    $._flow_seq_open,
    $._flow_seq_close,
    $._flow_map_open,
    $._flow_map_close,
    $._flow_comma,
    $._plain_block,
    $._plain_flow,
    $.single_quote_scalar,
    $.double_quote_scalar,
    $.block_scalar,
    $.anchor,
    $.alias,
    $.tag,
    $.yaml_directive,
    $.tag_directive,
    $.reserved_directive,
    $._doc_end,
    $._doc_start,
    $.invalid, // anywhere (an extra): a line that cannot be read (bad indentation, a tab, an unclosed quote)
    $._error_sentinel, // valid nowhere: tells the scanner that the parser is recovering from an error
  ],

  extras: $ => [/[ \t\r\n\uFEFF]/, $.comment, $.invalid],

  conflicts: $ => [],

  // Hidden choices with no node of their own: inlined, so the parser makes fewer reductions.
  inline: $ => [
    $._root,
    $._value,
    $._flow_content,
    $._flow_value_content,
    $._flow_seq_item,
    $._flow_map_item,
    $._directive,
  ],

  rules: {
    // A bare document (no `---`), or one with directives, only at the start or after `...`.
    stream: $ => seq(
      optional($._opening_document),
      repeat(choice(
        alias($._explicit_document, $.document),
        seq(alias($._doc_end, '...'), optional($._opening_document)),
      )),
    ),

    _opening_document: $ => choice(
      alias($._bare_document, $.document),
      alias($._directives_document, $.document),
    ),

    _bare_document: $ => $._root,

    _directives_document: $ => prec.right(seq(
      repeat1($._directive),
      alias($._doc_start, '---'),
      optional($._root),
    )),

    _explicit_document: $ => prec.right(seq(
      alias($._doc_start, '---'),
      optional($._root),
    )),

    _directive: $ => choice($.yaml_directive, $.tag_directive, $.reserved_directive),

    _root: $ => choice($.block_node, $.flow_node),

    _value: $ => choice($.block_node, $.flow_node),

    // An anchor and a tag, in either order, on one line.
    _props: $ => choice(
      prec.right(seq($.anchor, optional($.tag))),
      prec.right(seq($.tag, optional($.anchor))),
    ),

    block_node: $ => choice(
      $.block_mapping,
      $.block_sequence,
      seq($._props, $._props_nl, choice($.block_mapping, $.block_sequence)),
      seq(optional(seq($._props, optional($._props_nl))), $.block_scalar),
    ),

    flow_node: $ => choice(
      seq($._props, optional($._props_nl), optional($._flow_content)),
      $._flow_content,
      $.alias,
    ),

    // A key: its properties stand on its own line.
    _key: $ => alias($._key_node, $.flow_node),

    _key_node: $ => choice(
      seq($._props, optional($._flow_content)),
      $._flow_content,
      $.alias,
    ),

    _flow_content: $ => choice(
      alias($._plain_block, $.plain_scalar),
      $.single_quote_scalar,
      $.double_quote_scalar,
      $.flow_sequence,
      $.flow_mapping,
    ),

    // --- block collections ---

    block_mapping: $ => seq(
      choice(
        alias($._first_implicit_pair, $.block_mapping_pair),
        seq($._bmap_begin, $.block_mapping_pair),
      ),
      // An entry may be empty: the scanner separates a line it sets aside (`invalid`).
      repeat(seq($._sep, optional($.block_mapping_pair))),
      $._block_end,
    ),

    _first_implicit_pair: $ => seq(
      field('key', $._key),
      alias($._first_colon, ':'),
      optional(field('value', $._value)),
    ),

    block_mapping_pair: $ => choice(
      seq(
        field('key', $._key),
        alias($._colon, ':'),
        optional(field('value', $._value)),
      ),
      // A key still without its `:` (as while typing one): kept as a pair, so that the rest of
      // the mapping stays as it is; the node tree reports the missing `:`.
      field('key', $._key),
      $._explicit_pair_body,
      // `: value` with an empty key
      seq(alias($._colon, ':'), optional($._compact_ok), optional(field('value', $._value))),
    ),

    _explicit_pair_body: $ => seq(
      '?',
      optional($._compact_ok),
      optional(field('key', $._value)),
      optional(seq(
        $._sep_colon,
        optional($._compact_ok),
        optional(field('value', $._value)),
      )),
    ),

    _sep_colon: $ => alias($._colon, ':'),

    block_sequence: $ => seq(
      $._bseq_begin,
      $.block_sequence_item,
      repeat(seq($._sep, optional($.block_sequence_item))),
      $._block_end,
    ),

    block_sequence_item: $ => seq(
      '-',
      optional($._compact_ok),
      optional($._value),
    ),

    // --- flow collections ---

    flow_sequence: $ => seq(
      alias($._flow_seq_open, '['),
      optional($._flow_seq_items),
      alias($._flow_seq_close, ']'),
    ),

    _flow_seq_items: $ => seq(
      $._flow_seq_item,
      repeat(seq(alias($._flow_comma, ','), $._flow_seq_item)),
      optional(alias($._flow_comma, ',')),
    ),

    _flow_seq_item: $ => choice(alias($._flow_value, $.flow_node), $.flow_pair),

    flow_mapping: $ => seq(
      alias($._flow_map_open, '{'),
      optional($._flow_map_items),
      alias($._flow_map_close, '}'),
    ),

    _flow_map_items: $ => seq(
      $._flow_map_item,
      repeat(seq(alias($._flow_comma, ','), $._flow_map_item)),
      optional(alias($._flow_comma, ',')),
    ),

    _flow_map_item: $ => choice(alias($._flow_value, $.flow_node), $.flow_pair),

    flow_pair: $ => choice(
      seq(
        field('key', alias($._flow_value, $.flow_node)),
        ':',
        optional(field('value', alias($._flow_value, $.flow_node))),
      ),
      seq(
        ':',
        optional(field('value', alias($._flow_value, $.flow_node))),
      ),
      seq(
        '?',
        optional(field('key', alias($._flow_value, $.flow_node))),
        optional(seq(':', optional(field('value', alias($._flow_value, $.flow_node))))),
      ),
    ),

    // A node inside a flow collection: plain scalars stop at `,[]{}`.
    _flow_value: $ => choice(
      seq($._props, optional($._flow_value_content)),
      $._flow_value_content,
      $.alias,
    ),

    _flow_value_content: $ => choice(
      alias($._plain_flow, $.plain_scalar),
      $.single_quote_scalar,
      $.double_quote_scalar,
      $.flow_sequence,
      $.flow_mapping,
    ),

    comment: $ => token(prec(-1, /#[^\r\n]*/)),
  },
});
