// Just enough PromQL reading for the dashboard lint: which metrics an expression selects,
// inside which function calls, and which range windows it uses with which function. Not a
// parser: it tokenizes, skips strings and label matchers, and tracks parentheses, which is
// all the lint rules need (grafana/dashboard-linter asks the same two questions).

/** Keywords and operators that look like identifiers but select no metric. */
const KEYWORDS = new Set(["and", "or", "unless", "bool", "offset", "inf", "nan", "atan2"]);
/** Modifiers whose parenthesised argument is a list of labels, not an expression. */
const LABEL_LISTS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right"]);

type Token =
  | { kind: "ident"; text: string }
  | { kind: "open" }
  | { kind: "close" }
  | { kind: "range"; text: string }
  | { kind: "other" };

function skipQuoted(expr: string, start: number): number {
  const quote = expr[start];
  let index = start + 1;
  while (index < expr.length && expr[index] !== quote) index += expr[index] === "\\" ? 2 : 1;
  return index + 1;
}

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < expr.length) {
    const char = expr[index] as string;
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === "#") {
      // A comment runs to the end of the line.
      while (index < expr.length && expr[index] !== "\n") index += 1;
    } else if (char === '"' || char === "'" || char === "`") {
      index = skipQuoted(expr, index);
      tokens.push({ kind: "other" });
    } else if (char === "{") {
      // Label matchers: may hold strings with braces in them.
      index += 1;
      while (index < expr.length && expr[index] !== "}") {
        index = expr[index] === '"' || expr[index] === "'" || expr[index] === "`" ? skipQuoted(expr, index) : index + 1;
      }
      index += 1;
    } else if (char === "[") {
      const end = expr.indexOf("]", index);
      const stop = end < 0 ? expr.length : end;
      tokens.push({ kind: "range", text: expr.slice(index + 1, stop).trim() });
      index = stop + 1;
    } else if (char === "(") {
      tokens.push({ kind: "open" });
      index += 1;
    } else if (char === ")") {
      tokens.push({ kind: "close" });
      index += 1;
    } else if (/[0-9.]/.test(char)) {
      // Numbers and durations (1e-9, 0.95, 5m, 1h30m) select nothing.
      const match = /^[0-9.]+([eE][+-]?[0-9]+)?[a-zA-Z0-9]*/.exec(expr.slice(index));
      index += match ? match[0].length : 1;
      tokens.push({ kind: "other" });
    } else if (/[a-zA-Z_:]/.test(char)) {
      const match = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(expr.slice(index)) as RegExpExecArray;
      tokens.push({ kind: "ident", text: match[0] });
      index += match[0].length;
    } else {
      tokens.push({ kind: "other" });
      index += 1;
    }
  }
  return tokens;
}

export interface MetricReference {
  metric: string;
  /** Functions and aggregations the selector is nested in, outermost first. */
  within: string[];
}

export interface RangeReference {
  /** The window as written: "5m", "$__rate_interval", "1h:1m" for a subquery. */
  range: string;
  /** The function the range vector is handed to, if any (rate, predict_linear…). */
  function: string | undefined;
}

export interface PromqlReferences {
  metrics: MetricReference[];
  ranges: RangeReference[];
}

interface Frame {
  /** The function or aggregation this parenthesis belongs to; undefined for grouping. */
  name: string | undefined;
  labels: boolean;
  /** For a label list written before the argument (`sum by (le) (…)`): the aggregation. */
  owner?: string;
}

/** The metrics an expression selects and the range windows it uses, with their context. */
export function promqlReferences(expr: string): PromqlReferences {
  const tokens = tokenize(expr);
  const stack: Frame[] = [];
  const metrics: MetricReference[] = [];
  const ranges: RangeReference[] = [];
  const enclosing = () => stack.map((frame) => frame.name).filter((name): name is string => name !== undefined);

  // `sum by (le) (…)`: the aggregation's name comes before its label list, and its
  // argument's parenthesis follows the list's closing one.
  let aggregationAfterLabels: string | undefined;
  tokens.forEach((token, index) => {
    const previous = tokens[index - 1];
    const next = tokens[index + 1];
    if (token.kind === "open") {
      const name = previous?.kind === "ident" && !KEYWORDS.has(previous.text) ? previous.text : undefined;
      if (name !== undefined && LABEL_LISTS.has(name)) {
        const before = tokens[index - 2];
        stack.push({ name: undefined, labels: true, owner: before?.kind === "ident" ? before.text : undefined });
      } else if (name === undefined && previous?.kind === "close" && aggregationAfterLabels !== undefined) {
        stack.push({ name: aggregationAfterLabels, labels: false });
      } else {
        stack.push({ name, labels: false });
      }
      aggregationAfterLabels = undefined;
    } else if (token.kind === "close") {
      aggregationAfterLabels = stack.pop()?.owner;
    } else if (token.kind === "range") {
      const innermost = stack[stack.length - 1];
      ranges.push({ range: token.text, function: innermost?.name });
    } else if (token.kind === "ident") {
      const inLabelList = stack[stack.length - 1]?.labels ?? false;
      const isCall = next?.kind === "open" || (next?.kind === "ident" && LABEL_LISTS.has(next.text));
      if (!inLabelList && !isCall && !KEYWORDS.has(token.text) && !LABEL_LISTS.has(token.text)) {
        metrics.push({ metric: token.text, within: enclosing() });
      }
    }
  });
  return { metrics, ranges };
}
