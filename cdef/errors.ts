/**
 * Positions and errors for C text.
 *
 * Invariant: every error about C input is a `CDefError` whose message starts with
 * `<file>:<line>:<col>: ` (col 1-based, as compilers print it), then the declaration path
 * spelled with the C printer when there is one (`function f, arg 2 'const char *'`), then the
 * problem; a code frame with a caret follows on the next lines. For preprocessed headers the
 * file and line are the header's own, recovered from cpp's line markers.
 */

import type { Loc } from './types.js';

interface LineMarker {
  readonly offset: number;
  readonly line: number;
  readonly file: string;
}

/** Maps offsets in parsed text to `Loc`s, honouring cpp line markers. */
export class SourceMap {
  readonly #lineStarts: number[] = [0];
  readonly #markers: LineMarker[] = [];

  constructor(
    /** The text offsets refer to. */
    readonly text: string,
    /** File name used until a line marker says otherwise (`<cdef>` for inline text). */
    readonly file: string,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.#lineStarts.push(i + 1);
  }

  /** Record a cpp line marker: the text from `offset` on is `line` of `file` (null: same file). */
  addLineMarker(offset: number, line: number, file: string | null): void {
    const previous = this.#markers[this.#markers.length - 1];
    this.#markers.push({ offset, line, file: file ?? previous?.file ?? this.file });
  }

  /** 0-based row of the parsed text containing `offset`. */
  row(offset: number): number {
    return upperBound(this.#lineStarts, offset, (x) => x) - 1;
  }

  loc(offset: number): Loc {
    const row = this.row(offset);
    const column = offset - this.#lineStarts[row]!;
    const m = upperBound(this.#markers, offset, (x) => x.offset) - 1;
    if (m < 0) return { file: this.file, line: row + 1, column, offset };
    const marker = this.#markers[m]!;
    return { file: marker.file, line: marker.line + row - this.row(marker.offset), column, offset };
  }

  /** The parsed text's line containing `offset`, with a caret under it. */
  frame(offset: number): string {
    const row = this.row(offset);
    const start = this.#lineStarts[row]!;
    const end = row + 1 < this.#lineStarts.length ? this.#lineStarts[row + 1]! - 1 : this.text.length;
    let line = this.text.slice(start, end).replace(/\t/g, ' ');
    let column = offset - start;
    if (line.length > 160) {
      const from = Math.max(0, column - 80);
      line = (from > 0 ? '...' : '') + line.slice(from, from + 160);
      column = column - from + (from > 0 ? 3 : 0);
    }
    const gutter = `${this.loc(offset).line} | `;
    return `${gutter}${line}\n${' '.repeat(gutter.length + column)}^`;
  }
}

/** Index of the first element whose key is greater than `value`. */
function upperBound<T>(list: readonly T[], value: number, key: (t: T) => number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]!) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class CDefError extends Error {
  override readonly name = 'CDefError';
  /** The first line of the message, without the code frame. */
  readonly summary: string;

  constructor(
    readonly loc: Loc,
    /** The declaration being read, spelled by the C printer (`function f, arg 2 'int'`). */
    readonly declaration: string | null,
    readonly problem: string,
    sourceMap?: SourceMap,
  ) {
    const summary = `${loc.file}:${loc.line}:${loc.column + 1}: ${declaration ? declaration + ': ' : ''}${problem}`;
    super(sourceMap ? `${summary}\n${sourceMap.frame(loc.offset)}` : summary);
    this.summary = summary;
  }
}
