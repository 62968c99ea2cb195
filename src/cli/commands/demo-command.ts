import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  DEFAULT_DEMO_COUNT,
  DEFAULT_DEMO_SEED,
  demoTracesToJsonl,
  generateDemoTraces,
} from '@/demo/generate-demo-traces';
import type { CliIo } from '../cli-io';
import { parseIntegerOption } from '../parse-integer-option';
import { examplesText } from '../print-result';

type DemoFlags = { out?: string; seed: number; count: number };

export function registerDemoCommand(program: Command, io: CliIo) {
  program
    .command('demo')
    .description(
      'The demo data set: a retail support agent with tool-calling traces, a third labelled',
    )
    .option(
      '--out <file>',
      'write the demo traces as JSON Lines (the import format) to FILE; - for stdout',
      '-',
    )
    .option(
      '--seed <n>',
      'random seed (same seed, same traces)',
      parseIntegerOption,
      DEFAULT_DEMO_SEED,
    )
    .option('--count <n>', 'number of traces (10-1000)', parseIntegerOption, DEFAULT_DEMO_COUNT)
    .addHelpText(
      'after',
      examplesText(['iofold demo --out demo.jsonl', 'iofold demo --seed 7 --count 30 | head -1']),
    )
    .action((flags: DemoFlags) => {
      const count = Math.min(1000, Math.max(10, flags.count));
      const jsonl = demoTracesToJsonl(generateDemoTraces({ seed: flags.seed, count }));
      if (!flags.out || flags.out === '-') {
        io.out(jsonl);
        return;
      }
      writeFileSync(flags.out, jsonl);
      io.err(`wrote ${count} demo traces to ${flags.out}\n`);
    });
}
