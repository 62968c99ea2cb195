// Eval view types derived from the server: the typed client where a route declares its body,
// and the service's return type (as JSON) where the route answers a loose record.
import type { InferResponseType } from 'hono/client';
import type { JSONParsed } from 'hono/utils/types';
import type { ApiClient } from '@/api/client';
import type { EvalAgreement } from '@/evals/agreement/eval-agreement';
import type { getMatrix } from '@/evals/matrix/get-matrix';
import type { getMatrixCell } from '@/evals/matrix/get-matrix-cell';
import type { compareEvals } from '@/evals/versions/compare-evals';

type V1 = ApiClient['v1'];

export type EvalVersion = InferResponseType<
  V1['agents'][':id']['evals']['$get'],
  200
>['data'][number];
export type EvalStatusName = EvalVersion['status'];
export type HeldOutMetrics = NonNullable<EvalVersion['heldOutMetrics']>;
export type Agreement = JSONParsed<EvalAgreement>;
export type EvalVersionDetail = Omit<
  InferResponseType<V1['evals'][':id']['$get'], 200>,
  'agreement'
> & { agreement: Agreement };
export type QueuedJob = InferResponseType<V1['evals'][':id']['refine']['$post'], 202>;
export type ExportedFiles = InferResponseType<V1['evals'][':id']['export']['$get'], 200>;
export type EvalComparison = JSONParsed<Awaited<ReturnType<typeof compareEvals>>>;
export type MatrixPage = JSONParsed<Awaited<ReturnType<typeof getMatrix>>>;
export type MatrixVersion = MatrixPage['versions'][number];
export type MatrixRow = MatrixPage['rows'][number];
export type CellState = MatrixRow['cells'][number]['state'];
export type MatrixCellDetail = JSONParsed<Awaited<ReturnType<typeof getMatrixCell>>>;
