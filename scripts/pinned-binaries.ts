// The monitoring binaries the tests, the local stack and the bench run, fetched exactly as
// the service catalog pins them (core/catalog.ts): apt's own tools against a private
// sources list and state directory, so the machine's apt sources and installed packages
// stay as they are. apt checks the suites' signatures against the Debian archive keyring
// and each .deb against the signed package lists; `dpkg-deb -x` unpacks it into a cache
// outside the repository, and the binaries are linked into one directory put first on PATH.
// Idempotent: a package already unpacked at its pinned version is not fetched again.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { DebianPin } from "../core/catalog";
import { DEBIAN_SUITES, debianPins } from "../core/catalog";

/** Signs Debian's suites; Debian ships it, and Ubuntu's `debian-archive-keyring` package too. */
const KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";
const MIRROR = "http://deb.debian.org/debian";

/** The cache: `$VIGIL_CACHE_DIR`, else `$XDG_CACHE_HOME/vigil`, else `~/.cache/vigil`. */
export function cacheDir(): string {
  return process.env.VIGIL_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "vigil");
}

/** The directory the tests, the local stack and the bench put first on PATH. */
export function pinnedBinDir(): string {
  return join(cacheDir(), "bin");
}

function unpackedDir(pin: DebianPin): string {
  return join(cacheDir(), "debian", `${pin.package}_${pin.version}`);
}

/** Written last, so an interrupted unpack is redone instead of trusted. */
const MARKER = ".vigil-unpacked";

/** apt-get and apt-cache options that read and write only the cache's own sources and lists. */
function aptOptions(): string[] {
  const apt = join(cacheDir(), "apt");
  const options = [
    `Dir::Etc::SourceList=${join(apt, "sources.list")}`,
    "Dir::Etc::SourceParts=/dev/null",
    `Dir::State::Lists=${join(apt, "lists")}`,
    `Dir::Cache=${join(apt, "cache")}`,
    // The machine's preferences would pin its own suites above ours.
    "Dir::Etc::Preferences=/dev/null",
    "Dir::Etc::PreferencesParts=/dev/null",
  ];
  // As root, apt would hand the download to its `_apt` user, who cannot write into a home
  // directory's cache; the download stays verified either way.
  if (process.getuid?.() === 0) options.push("APT::Sandbox::User=root");
  return options.flatMap((option) => ["-o", option]);
}

function run(command: string, args: string[], cwd?: string): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: "utf8", ...(cwd ? { cwd } : {}) });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

function writeSources(): void {
  const apt = join(cacheDir(), "apt");
  mkdirSync(join(apt, "lists", "partial"), { recursive: true });
  mkdirSync(join(apt, "cache", "archives", "partial"), { recursive: true });
  const lines = DEBIAN_SUITES.map((suite) => `deb [signed-by=${KEYRING}] ${MIRROR} ${suite} main`);
  writeFileSync(join(apt, "sources.list"), `${lines.join("\n")}\n`);
}

function updateLists(): void {
  if (!existsSync(KEYRING)) {
    throw new Error(`${KEYRING} is missing: install Debian's archive keyring (apt-get install debian-archive-keyring)`);
  }
  writeSources();
  const update = run("apt-get", [...aptOptions(), "-q", "update"]);
  if (!update.ok) throw new Error(`apt-get update of ${DEBIAN_SUITES.join(", ")} failed:\n${update.output}`);
}

/** What Debian serves of a package now, for the message when a pin is gone. */
function offered(pin: DebianPin): string {
  const madison = run("apt-cache", [...aptOptions(), "madison", pin.package]);
  const versions = madison.output
    .split("\n")
    .map((line) => line.split("|").map((field) => field.trim()))
    .filter((fields) => fields[0] === pin.package)
    .map((fields) => `${fields[1]} (${fields[2]?.split(" ")[1] ?? "?"})`);
  return versions.length > 0 ? versions.join(", ") : "nothing";
}

function fetchAndUnpack(pin: DebianPin): void {
  const work = mkdtempSync(join(cacheDir(), "download-"));
  try {
    const download = run("apt-get", [...aptOptions(), "-q", "download", `${pin.package}=${pin.version}`], work);
    if (!download.ok) {
      throw new Error(
        `Debian no longer serves ${pin.package}=${pin.version} (the pin in core/catalog.ts); ` +
          `${DEBIAN_SUITES.join(" and ")} offer ${offered(pin)}. Move the pin (and the image beside it) to a version offered.\n${download.output}`,
      );
    }
    const deb = readdirSync(work).find((name) => name.endsWith(".deb"));
    if (!deb) throw new Error(`apt-get download ${pin.package}=${pin.version} left no .deb`);
    const target = unpackedDir(pin);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    const unpack = run("dpkg-deb", ["-x", join(work, deb), target]);
    if (!unpack.ok) throw new Error(`dpkg-deb -x ${deb} failed:\n${unpack.output}`);
    writeFileSync(join(target, MARKER), `${pin.package}=${pin.version}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Links every executable of the pinned packages into the bin directory; stale links go. */
function linkBinaries(pins: readonly DebianPin[]): void {
  const bin = pinnedBinDir();
  mkdirSync(bin, { recursive: true });
  const wanted = new Map<string, string>();
  for (const pin of pins) {
    const usrBin = join(unpackedDir(pin), "usr", "bin");
    for (const name of existsSync(usrBin) ? readdirSync(usrBin) : []) wanted.set(name, join(usrBin, name));
  }
  for (const name of readdirSync(bin)) {
    const link = join(bin, name);
    if (wanted.get(name) !== readlinkSync(link)) unlinkSync(link);
  }
  for (const [name, file] of wanted) if (!existsSync(join(bin, name))) symlinkSync(file, join(bin, name));
}

/**
 * Data directories a pinned binary reads at a fixed path. Debian builds Alertmanager to read
 * its default notification templates (default.tmpl, which every config's templates extend)
 * and its UI from /usr/share/prometheus/alertmanager instead of embedding them, so without
 * that directory it refuses any config with templates. Linked to the unpacked package's copy
 * when the path is free; a directory the machine's own package installed is left alone.
 */
export const SYSTEM_DATA_DIRS: ReadonlyArray<{ package: string; path: string }> = [
  { package: "prometheus-alertmanager", path: "/usr/share/prometheus/alertmanager" },
];

function linkSystemDataDirs(pins: readonly DebianPin[]): void {
  for (const { package: name, path } of SYSTEM_DATA_DIRS) {
    const pin = pins.find((candidate) => candidate.package === name);
    if (!pin) continue;
    const wanted = join(unpackedDir(pin), path);
    const current = lstatSync(path, { throwIfNoEntry: false });
    const target = current?.isSymbolicLink() ? readlinkSync(path) : undefined;
    if (target === wanted) continue;
    // Ours from another pin (into this cache): replaced. Anything else is the machine's.
    if (current && !target?.startsWith(cacheDir())) continue;
    try {
      if (current) unlinkSync(path);
      mkdirSync(dirname(path), { recursive: true });
      symlinkSync(wanted, path);
    } catch (error) {
      throw new Error(`${name} ${pin.version} reads ${path}, which could not be linked to ${wanted} (${error instanceof Error ? error.message : String(error)}): run once as root, or link it yourself`);
    }
  }
}

/** Fetches what is missing, links the binaries, and answers the directory to put on PATH. */
export function ensurePinnedBinaries(log: (line: string) => void = () => undefined): string {
  const pins = debianPins();
  const missing = pins.filter((pin) => !existsSync(join(unpackedDir(pin), MARKER)));
  if (missing.length > 0) {
    mkdirSync(cacheDir(), { recursive: true });
    log(`pinned binaries: fetching ${missing.map((pin) => `${pin.package}=${pin.version}`).join(", ")}`);
    updateLists();
    for (const pin of missing) fetchAndUnpack(pin);
  }
  linkBinaries(pins);
  linkSystemDataDirs(pins);
  return pinnedBinDir();
}

// `tsx scripts/pinned-binaries.ts` (scripts/run.mjs): progress on stderr, the bin directory
// alone on stdout.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === __filename) {
  try {
    process.stdout.write(`${ensurePinnedBinaries((line) => console.error(`vigil: ${line}`))}\n`);
  } catch (error) {
    console.error(`vigil: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
