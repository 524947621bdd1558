import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MapConfig } from '@flowsync/contracts';
import {
  moveItem,
  removeAt,
  renameValueMap,
  replaceAt,
  scheduleOfKind,
  uniqueName,
  withKey,
} from '../src/editor/inspector/config-edits.ts';

test('optional keys are set or left out, never stored as undefined', () => {
  const config: { a: number; b?: number } = { a: 1, b: 2 };
  assert.deepEqual(withKey(config, 'b', undefined), { a: 1 });
  assert.ok(!Object.hasOwn(withKey(config, 'b', undefined), 'b'));
  assert.deepEqual(withKey(config, 'b', 3), { a: 1, b: 3 });
  assert.deepEqual(config, { a: 1, b: 2 });
});

test('list items move, are replaced and removed without touching the original', () => {
  const list = ['a', 'b', 'c'];
  assert.deepEqual(moveItem(list, 2, 0), ['c', 'a', 'b']);
  assert.deepEqual(moveItem(list, 0, 1), ['b', 'a', 'c']);
  assert.deepEqual(moveItem(list, 0, 9), ['b', 'c', 'a']);
  assert.deepEqual(moveItem(list, 5, 0), ['a', 'b', 'c']);
  assert.deepEqual(replaceAt(list, 1, 'x'), ['a', 'x', 'c']);
  assert.deepEqual(removeAt(list, 1), ['a', 'c']);
  assert.deepEqual(list, ['a', 'b', 'c']);
});

test('switching a schedule kind keeps the interval and fills the rest', () => {
  assert.deepEqual(scheduleOfKind('polling', { kind: 'interval', everySeconds: 600 }), {
    kind: 'polling',
    everySeconds: 600,
    checkProcessSeconds: 50,
    sleepSeconds: 10,
  });
  assert.deepEqual(
    scheduleOfKind('interval', {
      kind: 'polling',
      everySeconds: 120,
      checkProcessSeconds: 5,
      sleepSeconds: 2,
    }),
    { kind: 'interval', everySeconds: 120 },
  );
  assert.deepEqual(scheduleOfKind('interval', { kind: 'cron', expression: '* * * * *' }), {
    kind: 'interval',
    everySeconds: 300,
  });
  assert.deepEqual(scheduleOfKind('cron', undefined, 'Europe/Amsterdam'), {
    kind: 'cron',
    expression: '0 * * * *',
    timezone: 'Europe/Amsterdam',
  });
  assert.equal(
    (scheduleOfKind('polling', { kind: 'interval', everySeconds: 200_000 }) as { everySeconds: number })
      .everySeconds,
    86_400,
  );
});

test('renaming a value map renames the mappings that use it', () => {
  const config: MapConfig = {
    fields: [
      { target: 'ShipVia', kind: 'valueMap', expression: 'shipMethod', map: 'shipVia' },
      { target: 'Name', kind: 'expression', expression: 'name' },
    ],
    valueMaps: { shipVia: { entries: [], onMissing: 'error' }, other: { entries: [], onMissing: 'error' } },
  };
  const renamed = renameValueMap(config, 'shipVia', 'carrier');
  assert.deepEqual(Object.keys(renamed.valueMaps ?? {}), ['carrier', 'other']);
  assert.deepEqual(renamed.fields[0], {
    target: 'ShipVia',
    kind: 'valueMap',
    expression: 'shipMethod',
    map: 'carrier',
  });
  assert.equal(renameValueMap(config, 'shipVia', 'other'), config, 'a taken name changes nothing');
  assert.equal(renameValueMap(config, 'missing', 'x'), config);
});

test('unique names count up past the taken ones', () => {
  assert.equal(uniqueName('map', []), 'map');
  assert.equal(uniqueName('map', ['map', 'map2']), 'map3');
});
