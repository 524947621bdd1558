// The fields a condition can test: the trigger object's fields (from the connector's describe), the
// results of lookups upstream of the qualify node (`$alias.Field`), and any path the criteria already
// use that neither lists, so that choosing from the list never loses what was written.
import type { ConnectorFieldInfo, ConnectorObjectInfo } from '@flowsync/contracts';

export interface FieldChoice {
  /** The condition's field: `Email`, `company.id`, `$account.targetId`. */
  path: string;
  label: string;
  /** The describe type (`string`, `number`, `boolean`, `picklist`…); undefined when unknown. */
  type: string | undefined;
  picklistValues?: string[];
}

export interface FieldChoiceGroup {
  label: string;
  choices: FieldChoice[];
}

/** What a lookup upstream binds: its alias and the fields of its result (types when described). */
export interface LookupFields {
  alias: string;
  fields: readonly (string | ConnectorFieldInfo)[];
}

function choiceOf(field: ConnectorFieldInfo, prefix = ''): FieldChoice {
  const choice: FieldChoice = {
    path: `${prefix}${field.name}`,
    label: field.label && field.label !== field.name ? `${field.label} (${field.name})` : field.name,
    type: field.type,
  };
  if (field.picklistValues && field.picklistValues.length > 0) choice.picklistValues = field.picklistValues;
  return choice;
}

/**
 * The field list of the condition pickers, grouped: trigger fields first, then each lookup, then the
 * paths in use that the lists do not name ("Other paths").
 *
 * @example
 * fieldChoices(contactDescribe, [{ alias: 'account', fields: ['targetId'] }], ['company.id']);
 * // [{ label: 'contact fields', … }, { label: '$account (lookup)', choices: [{ path: '$account.targetId', … }] },
 * //  { label: 'Other paths', choices: [{ path: 'company.id', … }] }]
 */
export function fieldChoices(
  trigger: ConnectorObjectInfo | undefined,
  lookups: readonly LookupFields[],
  inUse: readonly string[],
): FieldChoiceGroup[] {
  const groups: FieldChoiceGroup[] = [];
  if (trigger) {
    const choices = trigger.fields.map((field) => choiceOf(field));
    if (choices.length > 0) groups.push({ label: `${trigger.label || trigger.name} fields`, choices });
  }
  for (const lookup of lookups) {
    const choices = lookup.fields.map((field) =>
      typeof field === 'string'
        ? { path: `$${lookup.alias}.${field}`, label: `$${lookup.alias}.${field}`, type: undefined }
        : { ...choiceOf(field, `$${lookup.alias}.`), label: `$${lookup.alias}.${field.name}` },
    );
    groups.push({
      label: `$${lookup.alias} (lookup)`,
      choices: [
        { path: `$${lookup.alias}`, label: `$${lookup.alias} (the found record)`, type: undefined },
        ...choices,
      ],
    });
  }
  const listed = new Set(groups.flatMap((group) => group.choices.map((choice) => choice.path)));
  const others = [...new Set(inUse)].filter((path) => path !== '' && !listed.has(path));
  if (others.length > 0) {
    groups.push({
      label: 'Other paths',
      choices: others.map((path) => ({ path, label: path, type: undefined })),
    });
  }
  return groups;
}

/** The choice for `path` in the groups, if listed. */
export function findChoice(groups: readonly FieldChoiceGroup[], path: string): FieldChoice | undefined {
  for (const group of groups) {
    const found = group.choices.find((choice) => choice.path === path);
    if (found) return found;
  }
  return undefined;
}
