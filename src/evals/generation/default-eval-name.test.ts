import { describe, expect, it } from 'vitest';
import { nameFromRules, renameEvalCode } from './default-eval-name';

describe('the default name of a generated eval', () => {
  it('names the first rule in a few words, keeping its negations', () => {
    expect(
      nameFromRules(
        [
          "Fail when a tool's last call failed and was never retried successfully (an ignored error).",
          'Otherwise pass.',
        ],
        'support',
      ),
    ).toBe('eval_failed_never_retried');
    expect(
      nameFromRules(
        [
          'Fail when a write-like (book_*, cancel_*, update_*, ...) call was made without asking the user first.',
          'Otherwise pass.',
        ],
        'support',
      ),
    ).toBe('eval_write_like_without_asking');
    expect(
      nameFromRules(
        [
          "Pass when every write-like (book_*, cancel_*, update_*, ...) call came after a 'confirm' call.",
          'Otherwise fail.',
        ],
        'support',
      ),
    ).toBe('eval_write_like_after_confirm');
  });

  it('names a group of tools by its kind, not by the tools the labels happened to call', () => {
    expect(
      nameFromRules(
        [
          "Fail when a 'cancel_order', 'create_return' or 'update_shipping_address' (or other write-like) call was made without asking the user first.",
        ],
        'support',
      ),
    ).toBe('eval_write_like_without_asking');
    expect(
      nameFromRules(
        [
          "Pass when every 'cancel_reservation' (or other destructive) call came after a successful 'get_user_details' call (or there was none).",
        ],
        'support',
      ),
    ).toBe('eval_destructive_after');
  });

  it("falls back to the agent's name when the rules say nothing", () => {
    expect(
      nameFromRules(
        ['Always pass: no rule separated the labelled traces.'],
        'Harbor Outfitters support',
      ),
    ).toBe('eval_harbor_outfitters_quality');
    expect(nameFromRules([], '')).toBe('eval_quality');
  });

  it('stays a valid eval name of at most 32 characters, short enough for the version list', () => {
    const name = nameFromRules(
      ['Pass when reconciliation_statements_generated_successfully_everywhere happened.'],
      'x',
    );
    expect(name).toMatch(/^eval_[a-z0-9_]{1,60}$/);
    expect(name.length).toBeLessThanOrEqual(32);
  });

  it('renames the function and nothing that only contains the old name', () => {
    const code =
      'def eval_quality(trace):\n    eval_quality_x = 1\n    return True, "eval_quality"\n';
    expect(renameEvalCode(code, 'eval_quality', 'eval_polite')).toBe(
      'def eval_polite(trace):\n    eval_quality_x = 1\n    return True, "eval_polite"\n',
    );
  });
});
