/** One changed setting between two versions: its path (`rules.status.completed.customerTemplate`). */
export interface SettingChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The settings that differ between two versions, leaf by leaf (arrays compared whole), in path order.
 * @param before - the earlier settings (undefined: everything is new)
 * @param after - the later settings
 */
export function templateDiff(before: unknown, after: unknown, prefix = ''): SettingChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => templateDiff(before[key], after[key], prefix ? `${prefix}.${key}` : key));
  }
  if (isRecord(after) && before === undefined) return templateDiff({}, after, prefix);
  if (isRecord(before) && after === undefined) return templateDiff(before, {}, prefix);
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [
    {
      path: prefix,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    },
  ];
}
