import { AppError } from '@/core/errors';
import type { EvalListRow } from './backend/cli-backend';

const EVAL_ID = /^ev_[a-z0-9]+$/i;
/** `NAME@3`, `NAME@v3` or `NAME v3` (as `evals list` prints it): one version of a named eval. */
const NAME_AT_VERSION = /^(.+?)(?:@v?| v)(\d+)$/;

type Row = Pick<EvalListRow, 'id' | 'name' | 'version' | 'status'>;

const describe = (rows: Row[]) =>
  rows.map((r) => `${r.id} (${r.name} v${r.version}, ${r.status})`).join(', ');

/**
 * The eval version id a command argument means: an `ev_…` id as it is; an eval's name in the
 * workspace means its only version, else its active one; `NAME@N` means version N. A name with
 * several versions and none active, or shared by evals of different agents, is a VALIDATION error
 * listing their ids; an unknown name is NOT_FOUND.
 */
export async function resolveEvalRef(ref: string, list: () => Promise<Row[]>): Promise<string> {
  const text = ref.trim();
  if (EVAL_ID.test(text)) {
    return text;
  }
  const rows = await list();
  const exact = rows.filter((r) => r.name === text);
  const at = NAME_AT_VERSION.exec(text);
  const named =
    exact.length > 0 || !at
      ? exact
      : rows.filter((r) => r.name === at[1] && r.version === Number(at[2]));
  if (named.length === 0) {
    const versions = at ? rows.filter((r) => r.name === at[1]) : [];
    throw new AppError(
      'NOT_FOUND',
      versions.length > 0
        ? `eval ${at?.[1]} has no version ${at?.[2]}; its versions: ${describe(versions)}`
        : `no eval named "${text}" in this workspace (iofold evals list shows the names and ids)`,
    );
  }
  const active = named.filter((r) => r.status === 'active');
  const [only] = named.length === 1 ? named : active.length === 1 ? active : [];
  if (only) {
    return only.id;
  }
  throw new AppError(
    'VALIDATION',
    `"${text}" names ${named.length} eval versions${active.length > 1 ? ` (${active.length} active, of different agents)` : ', none active'}: ${describe(named)}. Give the id, or NAME@VERSION.`,
    { details: { ids: named.map((r) => r.id) } },
  );
}
