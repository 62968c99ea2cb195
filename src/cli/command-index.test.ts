import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io';
import { COMMAND_INDEX, commandWordOf } from './command-index';
import { runCli } from './run-cli';

function captureIo(): CliIo & { text(): string } {
  let out = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      out += t;
    },
    env: {},
    interactive: false,
    text: () => out,
  };
}

describe('the lazily loaded command index', () => {
  it('lists each command as its module registers it (name, help term, description, order)', async () => {
    const program = new Command('iofold');
    for (const entry of COMMAND_INDEX) {
      (await entry.load())(program, captureIo());
    }
    const help = new Help();
    expect(
      program.commands.map((command) => ({
        name: command.name(),
        term: help.subcommandTerm(command),
        description: command.description(),
      })),
    ).toEqual(COMMAND_INDEX.map(({ name, term, description }) => ({ name, term, description })));
  });

  it('top-level help from the stubs is the help of the fully registered program', async () => {
    const full = new Command('iofold').option('--verbose', 'print stack traces and debug logs');
    for (const entry of COMMAND_INDEX) {
      (await entry.load())(full, captureIo());
    }
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    const commandsOf = (text: string) =>
      text.slice(text.indexOf('Commands:'), text.indexOf('help [command]'));
    expect(commandsOf(io.text())).toBe(commandsOf(full.helpInformation()));
  });

  it('finds the command word past options and after help', () => {
    expect(commandWordOf(['--verbose', 'traces', 'list', '--limit', '3'])).toBe('traces');
    expect(commandWordOf(['help', 'evals'])).toBe('evals');
    expect(commandWordOf(['--help'])).toBeUndefined();
    expect(commandWordOf(['frobnicate'])).toBeUndefined();
  });

  it('a subcommand help through `help` is the loaded command, not its stub', async () => {
    const io = captureIo();
    expect(await runCli(['help', 'traces'], io)).toBe(0);
    expect(io.text()).toMatch(/Usage: iofold traces \[options\] \[command\]/);
    expect(io.text()).toMatch(/\n {2}list \[options\]/);
  });
});
