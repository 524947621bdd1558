import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandForKey, isTypingTarget, type KeyPress } from '../src/editor/canvas/shortcuts.ts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('commandForKey', () => {
  it('maps Ctrl and Cmd shortcuts alike', () => {
    assert.equal(commandForKey(press('z', { ctrlKey: true })), 'undo');
    assert.equal(commandForKey(press('z', { metaKey: true })), 'undo');
    assert.equal(commandForKey(press('Z', { ctrlKey: true, shiftKey: true })), 'redo');
    assert.equal(commandForKey(press('y', { ctrlKey: true })), 'redo');
    assert.equal(commandForKey(press('c', { metaKey: true })), 'copy');
    assert.equal(commandForKey(press('v', { ctrlKey: true })), 'paste');
    assert.equal(commandForKey(press('a', { ctrlKey: true })), 'selectAll');
    assert.equal(commandForKey(press('s', { ctrlKey: true })), 'save');
    assert.equal(commandForKey(press('?', { shiftKey: true })), 'help');
  });

  it('ignores plain letters and Alt combinations', () => {
    assert.equal(commandForKey(press('z')), undefined);
    assert.equal(commandForKey(press('c', { ctrlKey: true, altKey: true })), undefined);
    assert.equal(commandForKey(press('x', { ctrlKey: true })), undefined);
  });
});

describe('isTypingTarget', () => {
  it('treats text fields as typing and buttons as not', () => {
    assert.equal(isTypingTarget({ tagName: 'INPUT', type: 'text' }), true);
    assert.equal(isTypingTarget({ tagName: 'input' }), true);
    assert.equal(isTypingTarget({ tagName: 'TEXTAREA' }), true);
    assert.equal(isTypingTarget({ tagName: 'SELECT' }), true);
    assert.equal(isTypingTarget({ tagName: 'DIV', isContentEditable: true }), true);
    assert.equal(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' }), false);
    assert.equal(isTypingTarget({ tagName: 'BUTTON' }), false);
    assert.equal(isTypingTarget(null), false);
  });
});
