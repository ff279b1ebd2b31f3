/**
 * Which interface an agent asked through. A hint names what fixes the problem in that interface:
 * a flag of the `handoff` command, or a parameter of an MCP tool. Every hint that names an option
 * or a command is rendered here, from one table, so the two cannot drift apart.
 */
export type AgentInterface = 'cli' | 'mcp';

/** The options an agent can pass, as each interface spells them. */
const OPTIONS = {
  environment: { cli: '--env', mcp: 'environment' },
  brief: { cli: '--brief', mcp: 'brief' },
  description: { cli: '--description', mcp: 'description' },
  site: { cli: '--site', mcp: 'site' },
  set: { cli: '--set', mcp: 'set' },
  confirm: { cli: '--confirm', mcp: 'confirm' },
  includeSite: { cli: '--include-site', mcp: 'include_site' },
  noPush: { cli: '--no-push', mcp: 'push: false' },
  timeout: { cli: '--timeout', mcp: 'timeout_seconds' },
} as const satisfies Record<string, Record<AgentInterface, string>>;

/** The commands a hint can point to, as each interface spells them. */
const COMMANDS = {
  new: { cli: 'handoff new', mcp: 'the create_task tool' },
  submit: { cli: 'handoff submit', mcp: 'the submit_task tool' },
  status: { cli: 'handoff status', mcp: 'the task_status tool' },
  wait: { cli: 'handoff wait', mcp: 'the wait_for_result tool' },
  run: { cli: 'handoff run', mcp: 'the run_task tool' },
  validate: { cli: 'handoff validate', mcp: 'the validate_task tool' },
  cancel: { cli: 'handoff cancel', mcp: 'the cancel_task tool' },
} as const satisfies Record<string, Record<AgentInterface, string>>;

export type AgentOption = keyof typeof OPTIONS;
export type AgentCommand = keyof typeof COMMANDS;

/** The option as the interface spells it: `--brief` or `brief`. */
export function optionName(via: AgentInterface, option: AgentOption): string {
  return OPTIONS[option][via];
}

/** The command as the interface spells it: `handoff submit` or `the submit_task tool`. */
export function commandName(via: AgentInterface, command: AgentCommand): string {
  return COMMANDS[command][via];
}

/** How to pass a value for an option: `pass --brief <value>` or `set the brief parameter`. */
export function passOption(via: AgentInterface, option: AgentOption, value = '…'): string {
  return via === 'cli' ? `pass ${OPTIONS[option].cli} ${value}` : `set the ${OPTIONS[option].mcp} parameter${value === '…' ? '' : ` to ${value}`}`;
}

/** How to fill a template placeholder that has no option of its own: `--set key=…` or `set: {"key": "…"}`. */
export function passPlaceholder(via: AgentInterface, name: string): string {
  return via === 'cli' ? `pass --set ${name}=…` : `add it to the set parameter: {"${name}": "…"}`;
}
