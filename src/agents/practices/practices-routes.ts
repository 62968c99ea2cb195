import { createRouter } from '@/api/create-router';
import { IdParam, pageOf } from '@/api/openapi-schemas';
import { created, noContent, ok, routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
import { CreatePracticeInput, PracticeView, UpdatePracticeInput } from './practice-input';
import { createPractice, deletePractice, listPractices, updatePractice } from './practices';

const { delete: del, get, patch, post } = routesFor('Prompt practices');

export const practicesRoutes = createRouter()
  .openapi(
    ...get(
      '/prompt-practices',
      "Best-practice rules: iofold's, then the workspace's",
      {},
      ok(pageOf(PracticeView), 'Rules'),
      async (ctx) => onePage(await listPractices(ctx)),
    ),
  )
  .openapi(
    ...post(
      '/prompt-practices',
      'Add a workspace rule (one sentence, an optional trigger and lint)',
      { json: CreatePracticeInput },
      created(PracticeView, 'The rule'),
      createPractice,
    ),
  )
  .openapi(
    ...patch(
      '/prompt-practices/{id}',
      'Edit or disable a workspace rule',
      { params: IdParam, json: UpdatePracticeInput },
      ok(PracticeView, 'The rule'),
      (ctx, { id, ...body }) => updatePractice(ctx, id, body),
    ),
  )
  .openapi(
    ...del(
      '/prompt-practices/{id}',
      'Delete a workspace rule',
      { params: IdParam },
      noContent('Deleted'),
      (ctx, { id }) => deletePractice(ctx, id),
    ),
  );
