// `npm run dashboards:diff -- <git-ref> [<head-ref>]` prints a reviewer's summary (markdown)
// of what changed in the committed dashboards and rules (generated/) since <git-ref>:
// against the working tree, or against <head-ref> when one is given (CI compares the
// pull request's base with its head). docs/workflows/dashboards-diff.yml posts it on PRs.
import { diffDashboards } from "./diff/dashboards";
import { renderMarkdown } from "./diff/markdown";
import { diffRules } from "./diff/rules";
import type { Snapshot } from "./diff/snapshot";
import { repositoryRoot, snapshotAtRef, snapshotOfWorkingTree } from "./diff/snapshot";

const USAGE = "usage: npm run dashboards:diff -- <git-ref> [<head-ref>]";

function main(args: string[]): number {
  const refs = args.filter((arg) => !arg.startsWith("-"));
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const [base, head] = refs;
  if (base === undefined || refs.length > 2) {
    console.error(USAGE);
    return 2;
  }
  const root = repositoryRoot(process.cwd());
  const before: Snapshot = snapshotAtRef(root, base);
  const after: Snapshot = head === undefined ? snapshotOfWorkingTree(root) : snapshotAtRef(root, head);
  process.stdout.write(
    renderMarkdown({
      base,
      head: head ?? "working tree",
      dashboards: diffDashboards(before.dashboards, after.dashboards),
      rules: diffRules(before.groups, after.groups),
    }),
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`dashboards:diff: ${(error as Error).message}`);
  process.exitCode = 1;
}
