// Immutable edits of a rule by path (child indexes from the top-level group), for the builder's
// controls: each returns a new rule and leaves the one given untouched.
import type { RuleGroup, RuleNode } from './rule-model.ts';

/** A path to a node: `[]` is the top-level group, `[1, 0]` the first child of its second child. */
export type RulePath = readonly number[];

export function nodeAt(rule: RuleGroup, path: RulePath): RuleNode | undefined {
  let node: RuleNode = rule;
  for (const index of path) {
    if (node.kind !== 'group') return undefined;
    const child: RuleNode | undefined = node.children[index];
    if (child === undefined) return undefined;
    node = child;
  }
  return node;
}

/**
 * The rule with the node at `path` replaced by `update(node)`; the rule itself when there is none.
 *
 * @example
 * replaceAt(rule, [0], (c) => ({ ...c, field: 'Email' }));
 */
export function replaceAt(rule: RuleGroup, path: RulePath, update: (node: RuleNode) => RuleNode): RuleGroup {
  const replace = (node: RuleNode, depth: number): RuleNode => {
    if (depth === path.length) return update(node);
    if (node.kind !== 'group') return node;
    const index = path[depth] as number;
    const child = node.children[index];
    if (child === undefined) return node;
    const replaced = replace(child, depth + 1);
    if (replaced === child) return node;
    const children = node.children.slice();
    children[index] = replaced;
    return { ...node, children };
  };
  const result = replace(rule, 0);
  return result.kind === 'group' ? result : rule;
}

/** The rule without the node at `path` (the top-level group cannot be removed). */
export function removeAt(rule: RuleGroup, path: RulePath): RuleGroup {
  if (path.length === 0) return rule;
  const parentPath = path.slice(0, -1);
  const index = path[path.length - 1] as number;
  return replaceAt(rule, parentPath, (parent) =>
    parent.kind === 'group' ? { ...parent, children: parent.children.filter((_, i) => i !== index) } : parent,
  );
}

/** The rule with `node` added as the last child of the group at `groupPath`. */
export function appendAt(rule: RuleGroup, groupPath: RulePath, node: RuleNode): RuleGroup {
  return replaceAt(rule, groupPath, (group) =>
    group.kind === 'group' ? { ...group, children: [...group.children, node] } : group,
  );
}

/** Whether two paths are the same. */
export function samePath(a: RulePath, b: RulePath): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** Every field the rule's conditions test, in order of appearance (with repeats). */
export function ruleFields(rule: RuleGroup): string[] {
  return rule.children.flatMap((child) => (child.kind === 'group' ? ruleFields(child) : [child.field]));
}
