import { KindGuard, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { isRecord } from './is-record.ts';

/** A schema violation with the JSON pointer (relative to the checked value) of the field at fault. */
export interface SchemaProblem {
  path: string;
  message: string;
}

/**
 * TypeBox's errors, made readable: a failed union of tagged objects is explained by the variant its
 * tag selects (so a map field with `kind: 'static'` reports its own missing `value`, not three
 * variants' worth of noise), and a missing property hides the type errors at the same path.
 */
export function schemaProblems(schema: TSchema, value: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const error of Value.Errors(schema, value)) problems.push(...explain(error));
  const required = new Set(problems.filter((p) => p.message === REQUIRED).map((p) => p.path));
  const seen = new Set<string>();
  return problems.filter((problem) => {
    if (required.has(problem.path) && problem.message !== REQUIRED) return false;
    const key = `${problem.path}\n${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const REQUIRED = 'is required';

function explain(error: ValueError): SchemaProblem[] {
  switch (error.type) {
    case ValueErrorType.Union:
      return explainUnion(error);
    case ValueErrorType.ObjectRequiredProperty:
      return [{ path: error.path, message: REQUIRED }];
    case ValueErrorType.ObjectAdditionalProperties:
      return [{ path: error.path, message: 'is not a known property' }];
    default:
      return [{ path: error.path, message: error.message }];
  }
}

function explainUnion(error: ValueError): SchemaProblem[] {
  const variants: TSchema[] = Array.isArray(error.schema['anyOf'])
    ? (error.schema['anyOf'] as TSchema[])
    : [];
  if (variants.length > 0 && variants.every((variant) => KindGuard.IsLiteral(variant))) {
    return [
      {
        path: error.path,
        message: `Expected one of ${variants.map((v) => JSON.stringify(v.const)).join(', ')}`,
      },
    ];
  }
  const tag = discriminator(variants);
  if (tag !== undefined && isRecord(error.value)) {
    const tags = variants.map((variant) => literalProperty(variant, tag));
    const chosen = tags.indexOf(error.value[tag] as string | number | boolean);
    const variantErrors = chosen >= 0 ? error.errors[chosen] : undefined;
    if (variantErrors !== undefined) return [...variantErrors].flatMap(explain);
    const allowed = tags.map((t) => JSON.stringify(t)).join(', ');
    return [
      {
        path: `${error.path}/${tag}`,
        message:
          error.value[tag] === undefined ? `is required (one of ${allowed})` : `Expected one of ${allowed}`,
      },
    ];
  }
  return [{ path: error.path, message: `Expected ${variants.map(describe).join(' or ')}` }];
}

/** A property that is a literal in every variant, such as `kind`. */
function discriminator(variants: readonly TSchema[]): string | undefined {
  const first = variants[0];
  if (first === undefined || !KindGuard.IsObject(first)) return undefined;
  return Object.keys(first.properties).find((key) =>
    variants.every((variant) => literalProperty(variant, key) !== undefined),
  );
}

function literalProperty(schema: TSchema, key: string): string | number | boolean | undefined {
  if (!KindGuard.IsObject(schema)) return undefined;
  const property = schema.properties[key];
  return property !== undefined && KindGuard.IsLiteral(property) ? property.const : undefined;
}

function describe(schema: TSchema): string {
  if (KindGuard.IsLiteral(schema)) return JSON.stringify(schema.const);
  if (KindGuard.IsString(schema)) return 'a string';
  if (KindGuard.IsInteger(schema)) return 'an integer';
  if (KindGuard.IsNumber(schema)) return 'a number';
  if (KindGuard.IsBoolean(schema)) return 'a boolean';
  if (KindGuard.IsNull(schema)) return 'null';
  if (KindGuard.IsArray(schema)) return 'an array';
  if (KindGuard.IsObject(schema)) return 'an object';
  return 'a valid value';
}
