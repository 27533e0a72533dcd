// The external scanner of the specls YAML grammar (see ../grammar.js).
//
// It lexes everything whose meaning depends on indentation or on flow context: block structure
// (zero-width begin / separator / end tokens), scalars of every style, properties, flow
// indicators and directives. Its state is the indentation stack of the open block collections,
// the flow depth and a few facts about the current line; it never holds a row, so the state
// before a token does not change when lines are inserted or removed above it, and tree-sitter
// can reuse everything an edit did not touch.
//
// Columns count code points from the start of the line (as tree-sitter's `get_column` does),
// except that a byte order mark at the start of the file is not counted.

#include "tree_sitter/alloc.h"
#include "tree_sitter/array.h"
#include "tree_sitter/parser.h"

#include <stdint.h>
#include <string.h>

enum TokenType {
  BSEQ_BEGIN,
  BMAP_BEGIN,
  BLOCK_END,
  SEP,
  COMPACT_OK,
  PROPS_NL,
  FIRST_COLON,
  COLON,
  FLOW_SEQ_OPEN,
  FLOW_SEQ_CLOSE,
  FLOW_MAP_OPEN,
  FLOW_MAP_CLOSE,
  FLOW_COMMA,
  PLAIN_BLOCK,
  PLAIN_FLOW,
  SQUOTE,
  DQUOTE,
  BLOCK_SCALAR,
  ANCHOR,
  ALIAS,
  TAG,
  YAML_DIRECTIVE,
  TAG_DIRECTIVE,
  RESERVED_DIRECTIVE,
  DOC_END,
  DOC_START,
  INVALID,
  ERROR_SENTINEL,
};

enum { KIND_MAP = 0, KIND_SEQ = 1 };

typedef struct {
  uint32_t col;
  uint8_t kind;
} Level;

enum {
  FLAG_BOM_LINE = 1,    // the current line is the first one and starts with a BOM
  FLAG_AFTER_PROPS = 2, // the last token was an anchor or a tag
  FLAG_MULTILINE = 4,   // the last token spans lines (it cannot be an implicit key)
  FLAG_DOC_END = 8,     // the last token was `...`: only a comment may follow on its line
  FLAG_ZW_LINE_START = 16, // the last token was zero-width, at the start of a line's content
  FLAG_FILE_START = 32,    // no token yet: the scanner stands at the start of the file
  FLAG_ZW_COMMENT = 64,    // the last token was zero-width, before a comment
  FLAG_DROP_LINE = 128,    // the line here cannot be read: the next token is an error
};

// Flags kept beside the others (the state's second flags byte).
enum {
  FLAG2_ZW_SEP = 1, // the last token was a zero-width `_sep` (no second one at its place)
};

typedef struct {
  Array(Level) stack;
  uint32_t flow_level;
  // Column + 1 of the last token if it was zero-width (0: it was not): the next call starts
  // there (or one indicator further), which gives its column without reading the line again.
  uint32_t zw_col;
  // Column + 1 of the node that may be the first key of a new block mapping (0: none).
  uint32_t pending_key;
  uint8_t flags;
  uint8_t flags2;
  // The last state written or read, to skip decoding the same state again.
  char cache[TREE_SITTER_SERIALIZATION_BUFFER_SIZE];
  unsigned cache_len;
  bool clean; // the fields above hold exactly `cache`
} Scanner;

// ---------------------------------------------------------------------------------------------
// State

static void reset(Scanner *s) {
  array_clear(&s->stack);
  s->flow_level = 0;
  s->zw_col = 0;
  s->pending_key = 0;
  s->flags = FLAG_FILE_START;
  s->flags2 = 0;
}

static unsigned put_varint(char *buf, unsigned at, unsigned cap, uint32_t v, bool *ok) {
  do {
    if (at >= cap) {
      *ok = false;
      return at;
    }
    uint8_t b = v & 0x7f;
    v >>= 7;
    buf[at++] = (char)(b | (v ? 0x80 : 0));
  } while (v);
  return at;
}

static unsigned get_varint(const char *buf, unsigned at, unsigned len, uint32_t *out) {
  uint32_t v = 0;
  unsigned shift = 0;
  while (at < len) {
    uint8_t b = (uint8_t)buf[at++];
    if (shift < 32) v |= (uint32_t)(b & 0x7f) << shift;
    shift += 7;
    if (!(b & 0x80)) break;
  }
  *out = v;
  return at;
}

static unsigned serialize(Scanner *s, char *buf) {
  const unsigned cap = TREE_SITTER_SERIALIZATION_BUFFER_SIZE;
  bool ok = true;
  unsigned at = 0;
  buf[at++] = (char)s->flags;
  buf[at++] = (char)s->flags2;
  at = put_varint(buf, at, cap, s->flow_level, &ok);
  at = put_varint(buf, at, cap, s->zw_col, &ok);
  at = put_varint(buf, at, cap, s->pending_key, &ok);
  // The stack as deltas from the level below (the bottom is column -1): small numbers.
  int64_t prev = -1;
  for (uint32_t i = 0; i < s->stack.size && ok; i++) {
    Level l = s->stack.contents[i];
    uint32_t delta = (uint32_t)((int64_t)l.col - prev);
    unsigned before = at;
    at = put_varint(buf, at, cap, (delta << 1) | l.kind, &ok);
    if (!ok) at = before; // deeper than the buffer holds: keep the levels that fit
    prev = l.col;
  }
  return at;
}

static void deserialize(Scanner *s, const char *buf, unsigned len) {
  reset(s);
  if (len == 0) return;
  unsigned at = 0;
  s->flags = (uint8_t)buf[at++];
  if (at < len) s->flags2 = (uint8_t)buf[at++];
  at = get_varint(buf, at, len, &s->flow_level);
  at = get_varint(buf, at, len, &s->zw_col);
  at = get_varint(buf, at, len, &s->pending_key);
  int64_t prev = -1;
  while (at < len) {
    uint32_t v;
    at = get_varint(buf, at, len, &v);
    Level l;
    l.kind = v & 1;
    l.col = (uint32_t)(prev + (int64_t)(v >> 1));
    prev = l.col;
    array_push(&s->stack, l);
  }
}

static int64_t top_col(Scanner *s) {
  return s->stack.size ? (int64_t)s->stack.contents[s->stack.size - 1].col : -1;
}

static int top_kind(Scanner *s) {
  return s->stack.size ? s->stack.contents[s->stack.size - 1].kind : -1;
}

static void push(Scanner *s, uint32_t col, uint8_t kind) {
  Level l = {col, kind};
  array_push(&s->stack, l);
}

static void pop(Scanner *s) {
  if (s->stack.size) (void)array_pop(&s->stack);
}

// ---------------------------------------------------------------------------------------------
// Characters

static inline void adv(TSLexer *l) { l->advance(l, false); }
static inline void skip(TSLexer *l) { l->advance(l, true); }
static inline bool at_eof(TSLexer *l) { return l->eof(l); }
static inline bool is_nl(int32_t c) { return c == '\n' || c == '\r'; }
static inline bool is_sp(int32_t c) { return c == ' ' || c == '\t'; }
static inline bool is_flow_ind(int32_t c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}
// White space, a line break or the end of the input follows.
static inline bool blank_follows(TSLexer *l) {
  return at_eof(l) || is_sp(l->lookahead) || is_nl(l->lookahead);
}

// Reads a document marker (`---` or `...` then a blank) at the lexer, which stands on `-` or
// `.` at column 0: whether it is one. It reads up to three characters either way.
static bool read_doc_marker(TSLexer *l) {
  int32_t m = l->lookahead;
  for (int i = 0; i < 3; i++) {
    if (l->lookahead != m) return false;
    adv(l);
  }
  return blank_follows(l);
}

// ---------------------------------------------------------------------------------------------
// Scalars and properties

// A plain scalar; the lexer stands after `consumed` characters of it (0, or the 1–3 characters
// already read to tell `-x`, `?x`, `:x` and `..x` from indicators). `n` is the column that
// continuation lines must exceed (-1: none). Returns whether it spans lines.
static bool scan_plain(TSLexer *l, bool flow, int64_t n, bool consumed) {
  bool multiline = false;
  bool after_space = false;
  if (consumed) l->mark_end(l);
  for (;;) {
    if (at_eof(l)) return multiline;
    int32_t c = l->lookahead;
    if (is_nl(c)) {
      // Continuation: the next line that is not empty, if indented more than `n`.
      uint32_t indent = 0;
      for (;;) {
        if (at_eof(l)) return multiline;
        c = l->lookahead;
        if (c == '\n' || c == '\r') {
          adv(l);
          indent = 0;
        } else if (c == ' ') {
          adv(l);
          indent++;
        } else if (c == '\t') {
          adv(l);
        } else {
          break;
        }
      }
      if (n >= 0 && (int64_t)indent <= n) return multiline;
      if (c == '#') return multiline;
      if (flow && is_flow_ind(c)) return multiline;
      if (indent == 0 && (c == '-' || c == '.')) {
        // A document marker ends the scalar.
        if (read_doc_marker(l)) return multiline;
        // Not a marker: what was read is content.
        multiline = true;
        l->mark_end(l);
        after_space = false;
        continue;
      }
      if (!flow) {
        // A line whose first word is a key (`word:`) cannot continue the scalar (a plain
        // scalar holds no `: `): end the scalar before it, so that the line is reported on its
        // own and the rest of the block stays as it is.
        bool key_line = false;
        while (!at_eof(l) && !is_sp(l->lookahead) && !is_nl(l->lookahead)) {
          if (l->lookahead == ':') {
            adv(l);
            if (blank_follows(l)) {
              key_line = true;
              break;
            }
            continue;
          }
          adv(l);
        }
        if (key_line) return multiline;
        multiline = true;
        l->mark_end(l);
        after_space = false;
        continue;
      }
      if (c == ':') {
        adv(l);
        if (blank_follows(l) || is_flow_ind(l->lookahead)) return multiline;
        multiline = true;
        l->mark_end(l);
        after_space = false;
        continue;
      }
      multiline = true;
      after_space = true;
      continue;
    }
    if (is_sp(c)) {
      adv(l);
      after_space = true;
      continue;
    }
    if (c == '#' && after_space) return multiline;
    if (c == ':') {
      adv(l);
      if (blank_follows(l) || (flow && is_flow_ind(l->lookahead))) return multiline;
      l->mark_end(l);
      after_space = false;
      continue;
    }
    if (flow && is_flow_ind(c)) return multiline;
    if (c == 0 && at_eof(l)) return multiline;
    adv(l);
    l->mark_end(l);
    after_space = false;
  }
}

// Whether the line at the lexer starts a block entry: `- ` or a key (its first word ends with
// `:`). Reads the first word (lookahead only).
static bool starts_entry(TSLexer *l) {
  if (l->lookahead == '-') {
    adv(l);
    return blank_follows(l);
  }
  while (!at_eof(l) && !is_sp(l->lookahead) && !is_nl(l->lookahead)) {
    int32_t c = l->lookahead;
    if (c == '"' || c == '\'') return false;
    adv(l);
    if (c == ':' && blank_follows(l)) return true;
  }
  return false;
}

// How far a quoted scalar with an under-indented line is followed to find its closing quote.
#define QUOTE_SEARCH_LINES 500

enum Quoted { QUOTED_OK, QUOTED_BAD_INDENT, QUOTED_UNCLOSED };

// After a line of a quoted scalar that breaks the indentation rule: looks (without marking) for
// its closing quote on the next lines, so that the whole scalar becomes one error and what
// follows it is read as usual.
static bool find_closing_quote(TSLexer *l, int32_t quote) {
  unsigned lines = 0;
  while (!at_eof(l) && lines < QUOTE_SEARCH_LINES) {
    int32_t c = l->lookahead;
    if (c == quote) {
      adv(l);
      if (quote == '\'' && l->lookahead == '\'') {
        adv(l);
        continue;
      }
      return true;
    }
    if (quote == '"' && c == '\\') {
      adv(l);
      if (!at_eof(l)) adv(l);
      continue;
    }
    if (c == '\n') lines++;
    adv(l);
  }
  return false;
}

// A quoted scalar; the lexer stands on its opening quote. Continuation lines must be indented
// more than `n`. When one is not, the scalar is an error: the token then covers it up to its
// closing quote if that comes within a few hundred lines, else up to the end of the last line
// that belonged to it.
static enum Quoted scan_quoted(TSLexer *l, int32_t quote, int64_t n, bool *multiline) {
  // Until the quote is closed, the token ends with its first line: an unclosed quote damages
  // that line only.
  adv(l);
  l->mark_end(l);
  bool first_line = true;
  bool suspicious = false;
  for (;;) {
    if (at_eof(l)) return QUOTED_UNCLOSED;
    int32_t c = l->lookahead;
    if (c == quote) {
      adv(l);
      if (quote == '\'' && l->lookahead == '\'') {
        adv(l);
        if (first_line) l->mark_end(l);
        continue;
      }
      if (suspicious && !blank_follows(l) && l->lookahead != ':' && l->lookahead != '#' &&
          !is_flow_ind(l->lookahead)) {
        return QUOTED_UNCLOSED; // this quote opens the next string
      }
      l->mark_end(l);
      return QUOTED_OK;
    }
    if (quote == '"' && c == '\\') {
      adv(l);
      if (at_eof(l)) return QUOTED_UNCLOSED;
      if (l->lookahead == '\r') adv(l);
      if (!at_eof(l)) adv(l);
      if (first_line) l->mark_end(l);
      continue;
    }
    if (is_nl(c)) {
      first_line = false;
      for (;;) {
        uint32_t indent = 0;
        if (l->lookahead == '\r') adv(l);
        if (l->lookahead == '\n') adv(l);
        while (l->lookahead == ' ') {
          adv(l);
          indent++;
        }
        while (is_sp(l->lookahead)) adv(l);
        if (at_eof(l)) return QUOTED_UNCLOSED;
        c = l->lookahead;
        if (is_nl(c)) continue; // an empty line
        bool bad = n >= 0 && (int64_t)indent <= n;
        if (!bad && indent == 0 && (c == '-' || c == '.') && read_doc_marker(l)) {
          return QUOTED_UNCLOSED; // a document marker
        }
        if (bad) {
          // An entry (a key, an item) at the block's column: the quote was never closed.
          // Anything else (say, the lines of a certificate at column 0) is taken as the
          // string's wrongly indented lines, up to its closing quote.
          if (suspicious || starts_entry(l)) return QUOTED_UNCLOSED;
          if (find_closing_quote(l, quote)) {
            l->mark_end(l);
            return QUOTED_BAD_INDENT;
          }
          return QUOTED_UNCLOSED;
        }
        // A key or an item where the string would go on: maybe the quote was never closed.
        // Then, if the string ends no better than at a quote that belongs to something else,
        // its first line alone is the error and what follows is read as usual.
        if (n >= 0 && !suspicious) suspicious = starts_entry(l);
        break;
      }
      *multiline = true;
      continue;
    }
    adv(l);
    if (first_line) l->mark_end(l);
  }
}

// The rest of the line, as one token.
static void to_line_end(TSLexer *l) {
  while (!at_eof(l) && !is_nl(l->lookahead)) adv(l);
  l->mark_end(l);
}

// After the end of a line (marked): the next lines indented more than `n`, to the end of the
// last one (empty lines in between are skipped, not marked).
static void skip_deeper_lines(TSLexer *l, int64_t n) {
  for (;;) {
    while (is_nl(l->lookahead)) adv(l);
    uint32_t more = 0;
    while (l->lookahead == ' ') {
      adv(l);
      more++;
    }
    if (at_eof(l) || (int64_t)more <= n) break;
    if (is_nl(l->lookahead)) continue; // an empty line
    to_line_end(l);
  }
}

// A literal or folded block scalar, from its indicator: the header, then every line indented at
// least as much as its content (more than `n` when detected). The token ends at the end of the
// last line that holds content. Returns false for a header that is not one.
static bool scan_block_scalar(TSLexer *l, int64_t n) {
  adv(l);
  l->mark_end(l);
  uint32_t explicit_indent = 0;
  bool chomp = false;
  for (int i = 0; i < 2; i++) {
    int32_t c = l->lookahead;
    if (c >= '1' && c <= '9' && !explicit_indent) {
      explicit_indent = (uint32_t)(c - '0');
      adv(l);
      l->mark_end(l);
    } else if ((c == '+' || c == '-') && !chomp) {
      chomp = true;
      adv(l);
      l->mark_end(l);
    }
  }
  bool spaced = false;
  while (is_sp(l->lookahead)) {
    adv(l);
    spaced = true;
  }
  if (l->lookahead == '#' && spaced) {
    while (!at_eof(l) && !is_nl(l->lookahead)) adv(l);
    l->mark_end(l);
  }
  if (!at_eof(l) && !is_nl(l->lookahead)) {
    // Something else on the header line.
    while (!at_eof(l) && !is_nl(l->lookahead)) adv(l);
    l->mark_end(l);
    return false;
  }
  int64_t content = -1;
  uint32_t leading = 0; // the most spaces on an empty line before the first content line
  if (explicit_indent) {
    content = n + (int64_t)explicit_indent;
    if (content < 0) content = 0;
  }
  for (;;) {
    if (at_eof(l)) return true;
    // At a line break: go to the next line.
    if (l->lookahead == '\r') adv(l);
    if (l->lookahead == '\n') adv(l);
    if (at_eof(l)) return true;
    uint32_t indent = 0;
    while (l->lookahead == ' ' && (content < 0 || (int64_t)indent < content)) {
      adv(l);
      indent++;
    }
    if (at_eof(l)) return true;
    int32_t c = l->lookahead;
    if (content < 0) {
      // Detecting the indentation: empty lines first.
      if (is_nl(c)) {
        if (indent > leading) leading = indent;
        continue;
      }
      if (c == '\t' && (int64_t)indent <= n) {
        // A tab where the indentation would be.
        to_line_end(l);
        return false;
      }
      if ((int64_t)indent <= n) return true;
      if (leading > indent) {
        // A tab where the indentation would be, or an empty line indented more than the
        // content: not a block scalar YAML can read.
        to_line_end(l);
        return false;
      }
      content = indent;
    } else if ((int64_t)indent < content) {
      if (is_nl(c)) continue; // an empty line, less indented
      // Spaces then a tab, or a less indented line: the end.
      while (is_sp(l->lookahead)) adv(l);
      if (is_nl(l->lookahead) || at_eof(l)) continue;
      return true;
    }
    if (indent == 0 && (c == '-' || c == '.') && read_doc_marker(l)) return true;
    // A content line: to its end; it holds content if anything but spaces is on it.
    bool has_content = false;
    while (!at_eof(l) && !is_nl(l->lookahead)) {
      if (l->lookahead != ' ') has_content = true;
      adv(l);
    }
    if (has_content) l->mark_end(l);
  }
}

// `&name`, `*name`: the lexer stands on the indicator.
static bool scan_name(TSLexer *l) {
  adv(l);
  uint32_t len = 0;
  while (!at_eof(l) && !is_sp(l->lookahead) && !is_nl(l->lookahead) &&
         !is_flow_ind(l->lookahead) && l->lookahead != 0) {
    adv(l);
    len++;
  }
  l->mark_end(l);
  return len > 0;
}

// `!tag`, `!!tag`, `!h!tag`, `!<verbatim>`, `!`. False for a tag with a flow indicator in it.
static bool scan_tag(TSLexer *l, bool flow) {
  adv(l);
  bool ok = true;
  if (l->lookahead == '<') {
    while (!at_eof(l) && !is_nl(l->lookahead) && l->lookahead != '>') adv(l);
    if (l->lookahead == '>') adv(l);
  } else {
    while (!at_eof(l) && !is_sp(l->lookahead) && !is_nl(l->lookahead) && l->lookahead != 0 &&
           !(flow && is_flow_ind(l->lookahead))) {
      if (is_flow_ind(l->lookahead)) ok = false;
      adv(l);
    }
  }
  l->mark_end(l);
  return ok;
}

// ---------------------------------------------------------------------------------------------
// The scanner

static bool emit(Scanner *s, TSLexer *l, enum TokenType t) {
  l->result_symbol = t;
  if (t != PROPS_NL && t != BLOCK_END && t != SEP) s->flags &= ~FLAG_MULTILINE;
  if (t != DOC_END) s->flags &= ~FLAG_DOC_END;
  s->flags &= ~(FLAG_ZW_LINE_START | FLAG_FILE_START | FLAG_ZW_COMMENT | FLAG_DROP_LINE);
  s->flags2 = 0;
  s->zw_col = 0;
  return true;
}

// A zero-width token at column `col` (UINT32_MAX: unknown), at the start of a line's content
// (or of the comment before it) or not.
static bool emit_zw(Scanner *s, TSLexer *l, enum TokenType t, uint32_t col, bool at_line_start) {
  emit(s, l, t);
  s->flags &= ~FLAG_AFTER_PROPS;
  if (t == SEP) s->flags2 |= FLAG2_ZW_SEP;
  if (col != UINT32_MAX) {
    s->zw_col = col + 1;
    if (at_line_start) s->flags |= FLAG_ZW_LINE_START;
  }
  return true;
}

static bool emit_at_line_start(Scanner *s, TSLexer *l, enum TokenType t, uint32_t col) {
  return emit_zw(s, l, t, col, true);
}

// The same, before a comment line (the content that decided it comes after the comment).
static bool emit_before_comment(Scanner *s, TSLexer *l, enum TokenType t, uint32_t col,
                                bool at_comment) {
  emit_zw(s, l, t, col, true);
  if (at_comment) s->flags |= FLAG_ZW_COMMENT;
  return true;
}

// What starts the content at the lexer's position, reading as little as needed.
typedef enum {
  START_OTHER,
  START_DASH,      // `-` then a blank
  START_QMARK,     // `?` then a blank
  START_COLON,     // `:` then a blank
  START_DOC_START, // `---` then a blank, at column 0
  START_DOC_END,   // `...` then a blank, at column 0
  START_COMMENT,
} Start;

// Classifies the content start. It may read up to three characters (the lexer stays after them):
// `*read` says how many, so that a plain scalar starting with them can go on from there.
static Start classify(TSLexer *l, uint32_t col, unsigned *read) {
  *read = 0;
  int32_t c = l->lookahead;
  if (c == '#') return START_COMMENT;
  if (c == '-' || c == '?' || c == ':') {
    adv(l);
    *read = 1;
    if (blank_follows(l)) return c == '-' ? START_DASH : c == '?' ? START_QMARK : START_COLON;
    if (c == '-' && col == 0 && l->lookahead == '-') {
      adv(l);
      *read = 2;
      if (l->lookahead == '-') {
        adv(l);
        *read = 3;
        if (blank_follows(l)) return START_DOC_START;
      }
    }
    return START_OTHER;
  }
  if (c == '.' && col == 0) {
    adv(l);
    *read = 1;
    if (l->lookahead == '.') {
      adv(l);
      *read = 2;
      if (l->lookahead == '.') {
        adv(l);
        *read = 3;
        if (blank_follows(l)) return START_DOC_END;
      }
    }
  }
  return START_OTHER;
}

// Looks past comment lines and empty lines (the lexer stands on a `#` at the start of a line's
// content) for the next content: its column and how it starts.
static Start look_past_comments(TSLexer *l, uint32_t *col, bool *eof) {
  for (;;) {
    while (!at_eof(l) && !is_nl(l->lookahead)) adv(l);
    uint32_t indent = 0;
    for (;;) {
      if (at_eof(l)) {
        *eof = true;
        return START_OTHER;
      }
      int32_t c = l->lookahead;
      if (c == '\n' || c == '\r') {
        adv(l);
        indent = 0;
      } else if (c == ' ') {
        adv(l);
        indent++;
      } else if (c == '\t') {
        adv(l);
        indent++;
      } else {
        break;
      }
    }
    *col = indent;
    unsigned read;
    Start st = classify(l, indent, &read);
    if (st != START_COMMENT) return st;
  }
}

static bool content_token(Scanner *s, TSLexer *l, enum TokenType t, bool multiline,
                          uint32_t key_here) {
  if (s->flow_level == 0) s->pending_key = multiline ? 0 : key_here;
  s->flags &= ~(FLAG_AFTER_PROPS | FLAG_MULTILINE | FLAG_DOC_END);
  if (multiline) s->flags |= FLAG_MULTILINE;
  return emit(s, l, t);
}

// The kind of the innermost open collection at column `col` (-1: none there; the document
// level, column -1, counts as a mapping).
static int level_kind_at(Scanner *s, int64_t col) {
  for (uint32_t i = s->stack.size; i > 0; i--) {
    Level lv = s->stack.contents[i - 1];
    if ((int64_t)lv.col == col) return lv.kind;
    if ((int64_t)lv.col < col) return -1;
  }
  return col < 0 ? KIND_MAP : -1;
}

// How many lines `key_block_is_cut` reads at most.
#define CUT_SEARCH_LINES 400

// A line indented less than the open collection, at column `col`, is a key with nothing after its
// `:` (the lexer stands at the end of the line). Whether the block under it is cut: its first
// line is an entry (`- ` or a key) at a column `c1`, and a later line stands between `col` and
// `c1`, which no collection can hold (everything under the key is indented at least `c1`). As a
// line break typed in the indentation of a key makes: the key moves left, and its old siblings
// do not follow it. Only looked for when an open collection stands between `col` and `c1` (the
// siblings' column, then): in valid files that is rare, so this reads little.
static bool key_block_is_cut(Scanner *s, TSLexer *l, int64_t col) {
  int64_t c1 = -1;
  for (unsigned lines = 0; lines < CUT_SEARCH_LINES; lines++) {
    while (!at_eof(l) && !is_nl(l->lookahead)) adv(l);
    if (at_eof(l)) return false;
    adv(l);
    uint32_t indent = 0;
    while (l->lookahead == ' ') {
      adv(l);
      indent++;
    }
    if (at_eof(l)) return false;
    int32_t c = l->lookahead;
    if (is_nl(c) || c == '#') continue;
    if ((int64_t)indent <= col) return false;
    if (c1 < 0) {
      bool between = false;
      for (uint32_t i = 0; i < s->stack.size; i++) {
        int64_t lc = s->stack.contents[i].col;
        if (lc > col && lc < (int64_t)indent) between = true;
      }
      if (!between || !starts_entry(l)) return false;
      c1 = indent;
      continue;
    }
    if ((int64_t)indent < c1) return true;
  }
  return false;
}

// Whether a line indented less than the open collection, at the column of an enclosing one, is a
// mistake inside the open collection rather than its end. It can only be one when it opens no
// block of its own (it does not end with `:`, `-`, a block scalar header, properties or an open
// flow collection). Then it is one when what follows it cannot follow it in YAML:
// - the next line goes back deeper with an entry (`- ` or a key);
// - or its value (or the line itself, a key without `:`) goes on as a plain scalar over the next
//   lines, indented deeper (as the rest of a block scalar that a line break cut does), and after
//   that plain scalar comes a line deeper than this one again: a key (a plain scalar holds no
//   `: `) or anything after a comment line (a comment ends a plain scalar). The line is then
//   invalid YAML wherever it ends, and taking it alone as the error keeps what follows as it was.
// A value that may go on as a quoted scalar or a flow collection is left alone. The lexer stands
// on the line's content, `read` characters in (`st` says how it starts); this only looks ahead.
static bool dedent_is_intrusion(Scanner *s, TSLexer *l, Start st, unsigned read, int64_t col,
                                int kind, bool blank_before) {
  if (kind == KIND_SEQ) return false;
  // An item at the column of a mapping's keys: the mapping's last value lies deeper, so it can
  // be no indentless sequence (that one's column would be on the stack as a sequence's).
  if (st == START_DASH) return true;
  // `? ` and `: ` may start an explicit entry.
  if (st == START_QMARK || st == START_COLON) return false;
  // The rest of the line: its last significant character, and the start of its last word.
  int32_t last = 0, word_first = 0, prev = 0;
  bool space_before = false;
  bool in_word = read > 0;
  // The value (or the line itself, without a key) starts a quoted scalar or a flow collection.
  bool not_plain = false;
  unsigned words = read > 0 ? 1 : 0;
  bool key_first = false; // the first word ends with `:`
  while (!at_eof(l) && !is_nl(l->lookahead)) {
    int32_t c = l->lookahead;
    if (c == '#' && (space_before || prev == 0)) break;
    if (is_sp(c)) {
      if (in_word && words == 1 && prev == ':') key_first = true;
      space_before = true;
      in_word = false;
    } else {
      if (!in_word) {
        word_first = c;
        words++;
        if ((words == 1 || (words == 2 && key_first)) &&
            (c == '"' || c == '\'' || c == '[' || c == '{')) {
          not_plain = true;
        }
      }
      in_word = true;
      space_before = false;
      last = c;
    }
    prev = c;
    adv(l);
  }
  bool opener = last == ':' || last == '-' || last == '|' || last == '>' || last == '[' ||
                last == '{' || last == ',' || word_first == '&' || word_first == '!' ||
                ((last == '+' || (last >= '1' && last <= '9')) &&
                 (word_first == '|' || word_first == '>'));
  // A key whose block is cut is taken as the mistake only after a line of spaces alone (what a
  // line break typed in or just after its indentation leaves); else the mistake is rather in its
  // block (a line indented too much).
  if (opener) return blank_before && last == ':' && word_first != '&' && word_first != '!' &&
                     key_block_is_cut(s, l, col);
  // The next lines with content.
  bool first = true;       // the first one after this line
  bool commented = false;  // a comment line came since this line
  for (;;) {
    while (!at_eof(l) && !is_nl(l->lookahead)) adv(l);
    if (at_eof(l)) return false;
    adv(l);
    uint32_t indent = 0;
    while (l->lookahead == ' ') {
      adv(l);
      indent++;
    }
    if (at_eof(l)) return false;
    int32_t c = l->lookahead;
    if (is_nl(c)) continue;
    if (c == '#') {
      commented = true;
      continue;
    }
    if ((int64_t)indent <= col) return false;
    if (commented && !not_plain) return true;
    bool entry = starts_entry(l);
    if (first && entry) return true;
    if (not_plain) return false;
    if (entry && c != '-') return true;
    // A line of the plain scalar (`- x` too): on to the next.
    first = false;
  }
}

static bool scan(Scanner *s, TSLexer *l, const bool *valid) {
  const bool recovering = valid[ERROR_SENTINEL];
  bool in_flow = s->flow_level > 0;

  // Skip white space, noting line breaks, the indentation of the last line and tabs in it.
  bool crossed = false;
  unsigned breaks = 0;       // line breaks crossed
  bool spaced_blank = false; // the line before the content holds only spaces
  bool skipped = false;
  bool flow_tab = false; // a tab where a flow collection's line needs its indentation
  const int64_t n_top = top_col(s);
  bool tab_in_indent = false;
  uint32_t spaces_before_tab = 0; // the indentation proper, when a tab follows it
  uint32_t indent = 0;
  bool bom = false;
  for (;;) {
    int32_t c = l->lookahead;
    if (c == '\n' || c == '\r') {
      crossed = true;
      if (c == '\n') {
        // The line that ends here holds spaces and nothing else (as a line break typed in an
        // indentation leaves behind).
        spaced_blank = breaks > 0 && indent > 0;
        breaks++;
      }
      indent = 0;
      tab_in_indent = false;
      skip(l);
    } else if (c == ' ') {
      indent++;
      skipped = true;
      skip(l);
    } else if (c == '\t') {
      if (!tab_in_indent) spaces_before_tab = indent;
      indent++;
      tab_in_indent = true;
      skipped = true;
      skip(l);
    } else if (c == 0xFEFF && !crossed) {
      bom = true;
      skip(l);
    } else {
      break;
    }
  }
  if (crossed) s->flags &= ~FLAG_BOM_LINE;
  if (bom) s->flags |= FLAG_BOM_LINE;
  flow_tab = in_flow && crossed && tab_in_indent && (int64_t)spaces_before_tab <= n_top &&
             !recovering && !at_eof(l) && !is_nl(l->lookahead) && l->lookahead != '#';
  if (flow_tab) {
    // A flow collection's line indented with a tab: an error (zero-width, at the content: the
    // node tree reports the line), and the flow collection goes on.
    l->mark_end(l);
    return emit(s, l, INVALID);
  }

  // The column of the content (only computed when it matters: reading it costs a walk from
  // the line start), and whether the content is the first thing on its line.
  // Right after a zero-width token, a call starts where it stands (nothing else can come in
  // between without white space after it), or after one indicator (`-`, `?`) and white space.
  bool line_start = crossed;
  uint32_t col = crossed && tab_in_indent ? spaces_before_tab : indent; // tabs do not indent
  if (crossed) {
    // col: the indentation counted above
  } else if (s->zw_col && !skipped) {
    col = s->zw_col - 1;
    line_start = (s->flags & FLAG_ZW_LINE_START) != 0;
  } else if (s->flags & FLAG_FILE_START) {
    line_start = true; // col: the spaces before the content
  } else if (s->zw_col && !(s->flags & FLAG_ZW_COMMENT) && valid[COMPACT_OK] && !in_flow &&
             !recovering) {
    col = s->zw_col + indent; // the column of the indicator + 1, then the white space
  } else if (recovering || (valid[COMPACT_OK] && !in_flow)) {
    col = l->get_column(l);
    if ((s->flags & FLAG_BOM_LINE) && col > 0) col--;
    if (col == indent) line_start = true; // this call started at the line's start
  } else {
    col = UINT32_MAX;
  }

  const int64_t n = top_col(s);

  // The end of the input closes every open flow and block collection.
  if (at_eof(l)) {
    if (in_flow && !recovering && (valid[FLOW_SEQ_CLOSE] || valid[FLOW_MAP_CLOSE])) {
      s->flow_level--;
      return emit_zw(s, l, valid[FLOW_SEQ_CLOSE] ? FLOW_SEQ_CLOSE : FLOW_MAP_CLOSE, col, false);
    }
    if (valid[BLOCK_END]) {
      pop(s);
      return emit_at_line_start(s, l, BLOCK_END, col);
    }
    return false;
  }

  l->mark_end(l);

  if ((s->flags & FLAG_DROP_LINE) && !crossed && !skipped) {
    // The line, and the lines after it indented more than the open collection (the rest of a
    // block scalar that a line break cut, say): nothing there can take them.
    to_line_end(l);
    skip_deeper_lines(l, top_col(s));
    return content_token(s, l, INVALID, true, 0);
  }
  if ((s->flags & FLAG_DOC_END) && !crossed && l->lookahead != '#') {
    // Content after `...` on its line.
    to_line_end(l);
    return content_token(s, l, INVALID, true, 0);
  }
  if (l->lookahead == '#' && !crossed && !skipped && !line_start) {
    // A comment must be separated from what precedes it.
    to_line_end(l);
    return content_token(s, l, INVALID, true, 0);
  }
  if (in_flow && crossed) s->pending_key = 0; // a flow collection over lines is no implicit key

  if (line_start && !in_flow && tab_in_indent && l->lookahead != '#' && !is_nl(l->lookahead)) {
    // A tab in the indentation of block content: the line cannot be read. After the
    // indentation, a tab may only separate a scalar that goes on (`key:` then ` \tvalue`),
    // never start an entry (a key, an item).
    if ((int64_t)spaces_before_tab <= n) {
      to_line_end(l);
      return emit(s, l, INVALID);
    }
    int32_t c0 = l->lookahead;
    if (c0 != '"' && c0 != '\'' && c0 != '[' && c0 != '{' && c0 != '&' && c0 != '*' &&
        c0 != '!' && c0 != '|' && c0 != '>' && c0 != '?' && c0 != ':' && c0 != '%') {
      if (starts_entry(l) || !valid[PLAIN_BLOCK]) {
        to_line_end(l);
        return emit(s, l, INVALID);
      }
      // A scalar: the word read is its start.
      bool multiline = scan_plain(l, false, n, true);
      return content_token(s, l, PLAIN_BLOCK, multiline, 0);
    }
  }

  unsigned read = 0;
  Start st = START_OTHER;
  uint32_t scol = col; // the column of the content that decides the structure
  bool eof_ahead = false;
  bool at_comment = false;
  if (line_start) {
    st = classify(l, col, &read);
    if (st == START_COMMENT) {
      at_comment = true;
      st = look_past_comments(l, &scol, &eof_ahead);
      read = 0;
    }
  }

  // Flow content that is not indented more than the block around it (or a document marker, or
  // the end of the input): the flow collection was never closed. Close it here with a
  // zero-width bracket, which the node tree reports, and give the block structure back.
  if (in_flow && (eof_ahead || (line_start && ((n >= 0 && (int64_t)scol <= n) ||
                                               st == START_DOC_START || st == START_DOC_END)))) {
    enum TokenType t = valid[FLOW_SEQ_CLOSE] ? FLOW_SEQ_CLOSE
                       : valid[FLOW_MAP_CLOSE] ? FLOW_MAP_CLOSE
                                               : ERROR_SENTINEL;
    if (t != ERROR_SENTINEL && !recovering) {
      s->flow_level--;
      return emit_zw(s, l, t, col, line_start);
    }
  }
  // A `_sep` was just emitted here: the entry comes now, not another `_sep`.
  const bool sep_here = (s->flags2 & FLAG2_ZW_SEP) && s->zw_col && !crossed && !skipped;
  if (line_start && !in_flow) {
    const bool end_ok = valid[BLOCK_END] || recovering;
    if (eof_ahead || st == START_DOC_START || st == START_DOC_END) {
      if (s->stack.size > 0 && end_ok) {
        pop(s);
        return emit_before_comment(s, l, BLOCK_END, col, at_comment);
      }
      if (st == START_DOC_END && !at_comment && valid[DOC_END]) {
        l->mark_end(l);
        s->pending_key = 0;
        s->flags &= ~FLAG_AFTER_PROPS;
        emit(s, l, DOC_END);
        s->flags |= FLAG_DOC_END;
        return true;
      }
      if (st == START_DOC_START && !at_comment && valid[DOC_START]) {
        l->mark_end(l);
        return content_token(s, l, DOC_START, true, 0);
      }
    } else if ((int64_t)scol < n) {
      if (!at_comment && !recovering) {
        // A line indented less: it closes collections, unless it is a mistake inside this
        // one (then it alone is an error, and the collections stay open).
        int kind = level_kind_at(s, scol);
        if (kind < 0) {
          // Between the columns of the open collections: no collection can hold it.
          to_line_end(l);
          return emit(s, l, INVALID);
        }
        // After a key still without its `:` (the line above is broken: a key split by a line
        // break, say), a line indented less is its rest, not the end of the collection.
        // (Decided from the scanner's state, not from what the parser expects: a reused pair
        // node would hide that.) The last token is a scalar at the line start, at the open
        // mapping's column, and no `:` followed it.
        bool colonless_key = s->pending_key && (int64_t)(s->pending_key - 1) == n &&
                             top_kind(s) == KIND_MAP && !s->zw_col &&
                             !(s->flags & (FLAG_AFTER_PROPS | FLAG_MULTILINE));
        // Only the first of the `_block_end`s a line emits decides this (the others follow it
        // at the same place): looking at the line again would make every one of them depend on
        // the whole line, and an edit there would make tree-sitter lex them all again, which
        // it cannot line up with the old tree's (it then reuses nothing after them).
        const bool chained = s->zw_col && !crossed && !skipped;
        if (valid[SEP] && !chained &&
            (colonless_key || dedent_is_intrusion(s, l, st, read, scol, kind, spaced_blank))) {
          // An empty entry of the open collection, and the next call (here) takes the line
          // as an error.
          emit_zw(s, l, SEP, col, true);
          s->flags |= FLAG_DROP_LINE;
          return true;
        }
      }
      if (end_ok) {
        pop(s);
        return emit_before_comment(s, l, BLOCK_END, col, at_comment);
      }
    } else if ((int64_t)scol == n) {
      if (top_kind(s) == KIND_SEQ && st != START_DASH && !at_comment && !recovering &&
          !(s->stack.size >= 2 && s->stack.contents[s->stack.size - 2].col == scol)) {
        // A line at a sequence's column that is no item (and no key of a mapping at that
        // column): an error, and the sequence goes on.
        to_line_end(l);
        return emit(s, l, INVALID);
      }
      if (top_kind(s) == KIND_SEQ) {
        if (st == START_DASH) {
          if (valid[SEP] && !sep_here) return emit_before_comment(s, l, SEP, col, at_comment);
        } else if (end_ok) {
          pop(s);
          return emit_before_comment(s, l, BLOCK_END, col, at_comment);
        }
      } else {
        if (st == START_DASH && crossed && valid[PROPS_NL] && !recovering &&
            !at_comment) {
          return emit_before_comment(s, l, PROPS_NL, col, at_comment);
        }
        if (st == START_DASH && valid[BSEQ_BEGIN] && !recovering) {
          push(s, scol, KIND_SEQ);
          return emit_before_comment(s, l, BSEQ_BEGIN, col, at_comment);
        }
        if (st == START_DASH && !recovering && !at_comment) {
          // An item at the column of a mapping's keys (and not a key's value): an error, and
          // the mapping goes on.
          to_line_end(l);
          return emit(s, l, INVALID);
        }
        if (st == START_COLON && valid[COLON] && !recovering) {
          // `:` of an explicit entry, on a line of its own.
          if (at_comment) return false;
          s->pending_key = 0;
          s->flags &= ~FLAG_AFTER_PROPS;
          l->mark_end(l);
          return emit(s, l, COLON);
        }
        if (valid[SEP] && !sep_here) return emit_before_comment(s, l, SEP, col, at_comment);
      }
    } else {
      // More indented than the open collection.
      if (crossed && valid[PROPS_NL] && !recovering && !at_comment) {
        // Properties on a line of their own, before what follows on this line.
        return emit_before_comment(s, l, PROPS_NL, col, at_comment);
      }
      if (st == START_DASH && valid[BSEQ_BEGIN]) {
        push(s, scol, KIND_SEQ);
        return emit_before_comment(s, l, BSEQ_BEGIN, col, at_comment);
      }
      if ((st == START_QMARK || st == START_COLON) && valid[BMAP_BEGIN]) {
        push(s, scol, KIND_MAP);
        return emit_before_comment(s, l, BMAP_BEGIN, col, at_comment);
      }
      if (!at_comment && !recovering && !valid[PLAIN_BLOCK] && !valid[BSEQ_BEGIN] &&
          !valid[BMAP_BEGIN] && !valid[DQUOTE] && (valid[SEP] || valid[BLOCK_END])) {
        // Nothing here can take a more indented line: it is misplaced, and so are the lines
        // after it that are indented more than the collection (one error for them all).
        to_line_end(l);
        skip_deeper_lines(l, n);
        return emit(s, l, INVALID);
      }
    }
  }

  if (at_comment) return false;
  if (st == START_DASH || st == START_QMARK || st == START_COLON || st == START_DOC_START ||
      st == START_DOC_END) {
    return false; // indicators the grammar's own lexer reads
  }

  // Content tokens. The node that starts here may be the first key of a block mapping if it is
  // the first thing on its line or follows `- `, `? `, `: ` (or its own properties).
  const bool after_props = (s->flags & FLAG_AFTER_PROPS) != 0;
  uint32_t key_here = 0;
  if (!in_flow) {
    if (after_props && !crossed) {
      key_here = s->pending_key;
    } else if ((line_start || (valid[COMPACT_OK] && !tab_in_indent)) && col != UINT32_MAX &&
               (int64_t)col >= n) {
      key_here = col + 1;
    }
  }
  if (after_props && crossed && !in_flow && !valid[PROPS_NL] && !recovering) {
    // The properties of an implicit key stand on the key's line.
    to_line_end(l);
    return content_token(s, l, INVALID, true, 0);
  }
  const bool plain_ok = (in_flow ? valid[PLAIN_FLOW] : valid[PLAIN_BLOCK]) || recovering;
  const enum TokenType plain = in_flow ? PLAIN_FLOW : PLAIN_BLOCK;

  int32_t c = l->lookahead;
  if (read == 0 && (c == '-' || c == '?' || (c == ':' && !in_flow && valid[COMPACT_OK]))) {
    // Mid-line `- ` / `? `: a compact collection, an indicator, or a plain scalar `-x`.
    adv(l);
    read = 1;
    if (in_flow && c == '-' && is_flow_ind(l->lookahead)) return false;
    if (blank_follows(l)) {
      if (!in_flow && valid[COMPACT_OK] && !recovering && col != UINT32_MAX && (int64_t)col > n &&
          (line_start || !tab_in_indent)) {
        if (c == '-' && valid[BSEQ_BEGIN]) {
          push(s, col, KIND_SEQ);
          return emit_zw(s, l, BSEQ_BEGIN, col, false);
        }
        if ((c == '?' || c == ':') && valid[BMAP_BEGIN]) {
          push(s, col, KIND_MAP);
          s->pending_key = c == ':' ? col + 1 : 0; // `: x`: an empty key, then its `:`
          return emit_zw(s, l, BMAP_BEGIN, col, false);
        }
      }
      return false;
    }
  }
  if (read > 0) {
    // `-x`, `?x`, `:x`, `--x`, `..x`: a plain scalar.
    if (!plain_ok) return false;
    bool multiline = scan_plain(l, in_flow, n, true);
    return content_token(s, l, plain, multiline, key_here);
  }

  switch (c) {
  case ':': {
    adv(l);
    bool value_indicator = blank_follows(l) || (in_flow && is_flow_ind(l->lookahead));
    if (!in_flow && value_indicator) {
      if (valid[FIRST_COLON] && !recovering && s->pending_key &&
          (int64_t)(s->pending_key - 1) > n && !line_start) {
        push(s, s->pending_key - 1, KIND_MAP);
        l->mark_end(l);
        return content_token(s, l, FIRST_COLON, true, 0);
      }
      if (valid[COLON] && (s->pending_key || recovering)) {
        l->mark_end(l);
        return content_token(s, l, COLON, true, 0);
      }
      return false;
    }
    if (value_indicator) return false; // a flow `:`: the grammar's own lexer reads it
    if (!plain_ok) return false;
    bool multiline = scan_plain(l, in_flow, n, true);
    return content_token(s, l, plain, multiline, key_here);
  }
  case '[':
  case '{': {
    enum TokenType t = c == '[' ? FLOW_SEQ_OPEN : FLOW_MAP_OPEN;
    if (!valid[t] && !recovering) return false;
    adv(l);
    l->mark_end(l);
    if (!in_flow) s->pending_key = key_here;
    s->flow_level++;
    s->flags &= ~FLAG_AFTER_PROPS;
    return emit(s, l, t);
  }
  case ']':
  case '}': {
    enum TokenType t = c == ']' ? FLOW_SEQ_CLOSE : FLOW_MAP_CLOSE;
    if (!valid[t] && !recovering) return false;
    adv(l);
    l->mark_end(l);
    if (s->flow_level) s->flow_level--;
    s->flags &= ~FLAG_AFTER_PROPS;
    return emit(s, l, t);
  }
  case ',':
    if (!in_flow || (!valid[FLOW_COMMA] && !recovering)) return false;
    adv(l);
    l->mark_end(l);
    s->flags &= ~FLAG_AFTER_PROPS;
    return emit(s, l, FLOW_COMMA);
  case '&':
  case '*':
  case '!': {
    enum TokenType t = c == '&' ? ANCHOR : c == '*' ? ALIAS : TAG;
    if (!valid[t] && !recovering) return false;
    if (c == '!') {
      if (!scan_tag(l, in_flow)) return content_token(s, l, INVALID, true, 0);
    } else if (!scan_name(l)) {
      return emit(s, l, INVALID);
    }
    if (!in_flow) s->pending_key = key_here;
    if (t == ALIAS) {
      s->flags &= ~FLAG_AFTER_PROPS;
    } else {
      s->flags |= FLAG_AFTER_PROPS;
    }
    return emit(s, l, t);
  }
  case '"':
  case '\'': {
    enum TokenType t = c == '"' ? DQUOTE : SQUOTE;
    if (!valid[t] && !recovering) return false;
    bool multiline = false;
    if (scan_quoted(l, c, n, &multiline) != QUOTED_OK) return content_token(s, l, INVALID, true, 0);
    return content_token(s, l, t, multiline, key_here);
  }
  case '|':
  case '>':
    if (in_flow || (!valid[BLOCK_SCALAR] && !recovering)) return false;
    if (!scan_block_scalar(l, n)) return content_token(s, l, INVALID, true, 0);
    return content_token(s, l, BLOCK_SCALAR, true, 0);
  case '%':
    if (line_start && col == 0 && !in_flow &&
        (valid[YAML_DIRECTIVE] || valid[TAG_DIRECTIVE] || valid[RESERVED_DIRECTIVE])) {
      // `%YAML`, `%TAG` or another directive: the line, up to a comment.
      char name[5] = {0};
      unsigned i = 0;
      adv(l);
      while (!at_eof(l) && !is_sp(l->lookahead) && !is_nl(l->lookahead)) {
        if (i < 4) name[i] = (char)l->lookahead;
        i++;
        adv(l);
      }
      l->mark_end(l);
      bool space = false;
      while (!at_eof(l) && !is_nl(l->lookahead)) {
        if (is_sp(l->lookahead)) {
          space = true;
          adv(l);
        } else if (l->lookahead == '#' && space) {
          break;
        } else {
          space = false;
          adv(l);
          l->mark_end(l);
        }
      }
      enum TokenType t = (i == 4 && strncmp(name, "YAML", 4) == 0)  ? YAML_DIRECTIVE
                         : (i == 3 && strncmp(name, "TAG", 3) == 0) ? TAG_DIRECTIVE
                                                                     : RESERVED_DIRECTIVE;
      return content_token(s, l, t, true, 0);
    }
    return false;
  case '#':
  case '@':
  case '`':
    return false;
  default:
    break;
  }
  if (c == 0 && at_eof(l)) return false;
  if (!plain_ok) return false;
  bool multiline = scan_plain(l, in_flow, n, false);
  return content_token(s, l, plain, multiline, key_here);
}

// ---------------------------------------------------------------------------------------------
// The tree-sitter interface

void *tree_sitter_specls_yaml_external_scanner_create(void) {
  Scanner *s = ts_calloc(1, sizeof(Scanner));
  array_init(&s->stack);
  reset(s);
  return s;
}

void tree_sitter_specls_yaml_external_scanner_destroy(void *payload) {
  Scanner *s = payload;
  array_delete(&s->stack);
  ts_free(s);
}

unsigned tree_sitter_specls_yaml_external_scanner_serialize(void *payload, char *buffer) {
  Scanner *s = payload;
  unsigned len = serialize(s, buffer);
  memcpy(s->cache, buffer, len);
  s->cache_len = len;
  s->clean = true;
  return len;
}

void tree_sitter_specls_yaml_external_scanner_deserialize(void *payload, const char *buffer,
                                                   unsigned length) {
  Scanner *s = payload;
  if (s->clean && length == s->cache_len && memcmp(buffer, s->cache, length) == 0) return;
  deserialize(s, buffer, length);
  memcpy(s->cache, buffer, length);
  s->cache_len = length;
  s->clean = true;
}

bool tree_sitter_specls_yaml_external_scanner_scan(void *payload, TSLexer *lexer,
                                            const bool *valid_symbols) {
  Scanner *s = payload;
  s->clean = false; // a scan may change the state, whether or not it finds a token
  return scan(s, lexer, valid_symbols);
}
