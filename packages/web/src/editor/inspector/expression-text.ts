// Text helpers for the expression inputs: how a field is referenced in JSONata, inserting a reference
// at the caret, and which `$variables` an expression reads (lookup results cannot be previewed).

const RESERVED = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);

/**
 * A field name as a JSONata path step: bare when it can be, in backticks otherwise.
 *
 * @example
 * fieldReference('lastName'); // 'lastName'
 * fieldReference('Last Name'); // '`Last Name`'
 */
export function fieldReference(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name)
    ? name
    : `\`${name.replaceAll('`', '')}\``;
}

/**
 * `text` with `insert` replacing the selection from `start` to `end`, and where the caret goes.
 *
 * @example
 * insertAt('firstName & ', 12, 12, 'lastName'); // { text: 'firstName & lastName', caret: 20 }
 */
export function insertAt(
  text: string,
  start: number,
  end: number,
  insert: string,
): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}

/**
 * The `$names` an expression reads, outside strings, backtick names and comments (`$string(…)`
 * function calls included; callers intersect with the names they care about).
 *
 * @example
 * variablesIn('$account.targetId & "$notThis"'); // Set { 'account' }
 */
export function variablesIn(expression: string): Set<string> {
  const found = new Set<string>();
  let i = 0;
  while (i < expression.length) {
    const char = expression[i] as string;
    if (char === '"' || char === "'" || char === '`') {
      i++;
      while (i < expression.length && expression[i] !== char)
        i += expression[i] === '\\' && char !== '`' ? 2 : 1;
      i++;
    } else if (char === '/' && expression[i + 1] === '*') {
      const close = expression.indexOf('*/', i + 2);
      i = close === -1 ? expression.length : close + 2;
    } else if (char === '$') {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(i + 1));
      if (match) {
        found.add(match[0]);
        i += 1 + match[0].length;
      } else {
        i++;
      }
    } else {
      i++;
    }
  }
  return found;
}
