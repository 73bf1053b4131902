export type NumberSettingRule = {
  /** What an unset or blank setting means. */
  fallback: number;
  min: number;
  max: number;
  /** Whole numbers only (counts, ports, seconds of a window); otherwise a decimal such as 0.5 too. */
  whole?: boolean;
  /** What the number counts, for the message: "minutes", "emails per second across all workers". */
  unit?: string;
};

type Env = Record<string, string | undefined>;

// As an operator types a number: digits, for a decimal a point and more digits. Not "1e3", "0x10",
// "Infinity" or "-5", which Number() reads as numbers nobody meant to set.
const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * One numeric setting from the environment: its fallback when unset or blank, else a number within
 * the rule, or an Error naming the setting, what it must be and what it was. The one way every
 * numeric setting is read: read as plain Number(), "two" became NaN and a limit silently none,
 * or the default without a word. Readers call it per use (tests change settings between calls).
 */
export function readNumberSetting(env: Env, name: string, rule: NumberSettingRule): number {
  const raw = env[name]?.trim();
  if (!raw) return rule.fallback;
  // By hand, not zod: the front door reads settings too, and it does not load zod (a few MB of
  // every instance's memory) for a regular expression and a range.
  const value = (rule.whole ? WHOLE : DECIMAL).test(raw) ? Number(raw) : NaN;
  if (!(value >= rule.min && value <= rule.max)) throw new Error(numberSettingProblem(name, rule, env[name]!));
  return value;
}

function numberSettingProblem(name: string, rule: NumberSettingRule, value: string): string {
  const kind = rule.whole ? "a whole number" : "a number";
  const unit = rule.unit ? ` (${rule.unit})` : "";
  return `${name} must be ${kind} from ${formatted(rule.min)} to ${formatted(rule.max)}${unit}; got "${value}".`;
}

const formatted = (n: number) => n.toLocaleString("en-US");
