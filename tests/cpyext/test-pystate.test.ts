/**
 * The GIL and thread states (cpyext/native/pystate.c): an extension that releases the GIL
 * around pure C work, and one whose pthreads take it with PyGILState_Ensure/Release and
 * build Python objects while the JS thread waits with the GIL released, and a worker that
 * asks for the GIL while JS is idle in its event loop (handed over by the loop). Results are what
 * CPython returned for the same calls (fixtures/ext-bridgeext.json); no deadlock, no leak.
 */

import { describe, expect, it } from 'vitest';
import { py } from '../../cpyext/index.js';
import { bridgeext, expectedJS, HEADER_SETS, recordedResult } from '../helpers/bridgeext.js';
import { loadFixture, stepsOf, type Encoded } from '../helpers/cpython-ext-fixtures.js';

describe.each(HEADER_SETS)('GIL (%s headers)', (headers) => {
  const ext = () => bridgeext(headers);

  it('Py_BEGIN_ALLOW_THREADS around work: same result, GIL not held inside, held after', () => {
    expect(ext().nogil_sum(1000000)).toEqual(recordedResult('nogil_sum'));
  });

  it('worker pthreads with PyGILState_Ensure/Release create Python objects; the JS thread waits without the GIL', () => {
    expect(ext().threads(4, 1000)).toEqual(recordedResult('threads 4'));
    expect(ext().threads(16, 50)).toEqual(recordedResult('threads 16'));
  });

  it('repeated rounds neither deadlock nor leak thread states or objects', () => {
    ext().threads(2, 10);
    const before = py.liveObjects();
    for (let i = 0; i < 20; i++) {
      expect(ext().threads(8, 20)).toHaveLength(24);
      expect(ext().nogil_sum(1000)[2]).toBe(1);
    }
    expect(py.liveObjects()).toBe(before);
  });

  it('a worker that asks for the GIL while JS is idle gets it: the event loop hands it over', async () => {
    const session = loadFixture('ext-bridgeext').cases.find((c) => c.name === 'background worker');
    const expected = expectedJS(stepsOf(session!).at(-1)!.result as Encoded);
    ext().start_background(6); // the worker waits 20 ms, so it asks once JS is back in its loop
    const deadline = Date.now() + 10_000;
    while (!ext().background_done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(ext().background_done(), 'the worker got the GIL within 10 s').toBe(true);
    expect(ext().join_background()).toEqual(expected);
  });

  it('the JS thread holds the GIL again afterwards: Python calls from JS still work', () => {
    ext().threads(3, 5);
    expect(py.toJS(py.binop('add', py.handle(2n ** 70n), 1))).toBe(2n ** 70n + 1n);
    expect(ext().ident([1, 'a'])).toEqual([1, 'a']);
  });
});
