/**
 * Runs layout cases against gcc: each case is C text plus the hand-built model of the same
 * declarations; for every target, all cases of a suite are compiled once and every number
 * `abi/layout.ts` computes for the case's subjects is compared with gcc's.
 *
 * Invariant: expected values come only from the compiler. The member paths asked about are
 * derived from the model (every named member, recursively through nested records, array
 * elements and anonymous members), so a member the model has and the C text lacks fails the
 * compile, and one the C text has and the model lacks shows up in size and offsets.
 * Unnamed bitfields cannot be named in C, so their effect is checked through their
 * neighbours, the size and the alignment.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { cName } from '../../cdef/c-printer.js';
import type { CType, StructType, UnionType } from '../../cdef/types.js';
import { underlying } from '../../cdef/types.js';
import { Layouts } from '../../abi/layout.js';
import { getTarget, TARGET_NAMES, type TargetName } from '../../abi/target.js';
import { layoutProbe, type ProbedType, type ProbeFieldRequest, type ProbeTypeRequest } from './gcc-probe.js';

export interface LayoutCase {
  readonly name: string;
  /** The declarations, as C. `#pragma pack` is reset after each case. */
  readonly c: string;
  /** Types to compare, spelled in C by `cName` (so they need a tag or a typedef name). */
  readonly subjects: readonly CType[];
}

/** The member paths of a record that gcc can be asked about, with what kind of question. */
export function probePaths(layouts: Layouts, record: StructType | UnionType, prefix = ''): ProbeFieldRequest[] {
  const out: ProbeFieldRequest[] = [];
  for (const f of layouts.record(record).fields) {
    const t = underlying(f.type);
    if (f.name === null) {
      if (f.bitWidth === undefined && (t.kind === 'struct' || t.kind === 'union')) out.push(...probePaths(layouts, t, prefix));
      continue; // unnamed bitfield: no C name to ask about
    }
    const path = prefix + f.name;
    if (f.bitWidth !== undefined) {
      out.push({ path, bitfield: true });
      continue;
    }
    const sized = !(t.kind === 'array' && typeof t.length !== 'number');
    out.push({ path, bitfield: false, ...(sized ? {} : { unsized: true }) });
    out.push(...elementPaths(layouts, t, path));
  }
  return out;
}

/** Paths inside a member of type `t`: nested records, and the last element of arrays. */
function elementPaths(layouts: Layouts, t: CType, path: string): ProbeFieldRequest[] {
  if (t.kind === 'struct' || t.kind === 'union') return probePaths(layouts, t, path + '.');
  if (t.kind === 'array' && typeof t.length === 'number' && t.length > 0) {
    const elementPath = `${path}[${t.length - 1}]`;
    const el = underlying(t.of);
    return [{ path: elementPath, bitfield: false }, ...elementPaths(layouts, el, elementPath)];
  }
  return [];
}

function requestFor(layouts: Layouts, subject: CType): ProbeTypeRequest {
  const t = underlying(subject);
  return {
    cname: cName(subject),
    fields: t.kind === 'struct' || t.kind === 'union' ? probePaths(layouts, t) : [],
    signedness: t.kind === 'enum' || (t.kind === 'primitive' && layouts.intInfo(t) !== null),
  };
}

/** What our layout says, in the shape of what gcc says, so one `toEqual` shows every difference. */
function ours(layouts: Layouts, subject: CType, request: ProbeTypeRequest): unknown {
  const fields: Record<string, unknown> = {};
  for (const f of request.fields ?? []) {
    const info = layouts.fieldPath(subject, f.path);
    fields[f.path] = f.bitfield
      ? { offset: info.offset, bitOffset: info.bitOffset, bitWidth: info.bitWidth }
      : { offset: info.offset, ...(f.unsized ? {} : { size: layouts.sizeof(info.type) }) };
  }
  const int = request.signedness ? layouts.intInfo(subject) : null;
  return { size: layouts.sizeof(subject), align: layouts.alignof(subject), ...(int ? { signed: int.signed } : {}), fields };
}

function theirs(probed: ProbedType): unknown {
  return { ...probed, fields: Object.fromEntries(probed.fields) };
}

/** One `describe` per target; one compile per target; one `it` per case. */
export function describeLayoutCases(title: string, cases: readonly LayoutCase[], options: { prelude?: string } = {}): void {
  for (const targetName of TARGET_NAMES) describeForTarget(title, cases, targetName, options.prelude ?? '');
}

function describeForTarget(title: string, cases: readonly LayoutCase[], targetName: TargetName, prelude: string): void {
  describe(`${title} [${targetName}]`, () => {
    const layouts = new Layouts(getTarget(targetName));
    let probed: ProbedType[] = [];
    // Per case: the questions for gcc, or why our layout could not even list them.
    let requests: (ProbeTypeRequest[] | Error)[] = [];
    beforeAll(() => {
      requests = cases.map((c) => {
        try {
          return c.subjects.map((s) => requestFor(layouts, s));
        } catch (e) {
          return e as Error;
        }
      });
      const source = [prelude, ...cases.map((c) => `/* ${c.name} */\n${c.c.trim()}\n#pragma pack()\n`)].join('\n');
      probed = layoutProbe(source, requests.flatMap((r) => (r instanceof Error ? [] : r)), targetName);
    });
    cases.forEach((c, caseIndex) => {
      it(c.name, () => {
        const mine = requests[caseIndex]!;
        if (mine instanceof Error) throw mine;
        let first = 0;
        for (const r of requests.slice(0, caseIndex)) if (!(r instanceof Error)) first += r.length;
        mine.forEach((request, i) => {
          expect({ [request.cname]: ours(layouts, c.subjects[i]!, request) }).toEqual({ [request.cname]: theirs(probed[first + i]!) });
        });
      });
    });
  });
}
