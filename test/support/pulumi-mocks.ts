// The one set of Pulumi mocks, for every test that runs the program or a component without
// an engine, providers or a cloud. Load it, call setMocks/setTestStackConfig, then import
// the code under test. Kept free of vitest so a plain `node` process can load it too.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import { CONFIG_NAMESPACE } from "../../core/config";

/** The droplet's public address as the mocks report it (TEST-NET-3, never routable). */
export const MOCK_DROPLET_IP = "203.0.113.50";
export const MOCK_DROPLET_PRIVATE_IP = "10.110.0.50";
/** DigitalOcean droplet ids are numbers; the firewall refers to the droplet by it. */
export const MOCK_DROPLET_ID = "424242";
/** The reserved IP DigitalOcean hands out (TEST-NET-3). */
export const MOCK_RESERVED_IP = "203.0.113.77";
/** The VPC's range, as the getVpc lookup answers. */
export const MOCK_VPC_RANGE = "10.110.0.0/20";
export const MOCK_CDN_ENDPOINT = "status-bucket.fra1.cdn.digitaloceanspaces.com";
/** What the generated Grafana password comes out as. */
export const MOCK_GENERATED_PASSWORD = "generated-grafana-password-0123456789";

/** The example stack, with a value in place of each `secure:` ciphertext. */
export const PROD_STACK_FILE = path.resolve(__dirname, "..", "..", "Pulumi.prod.yaml");

/** One resource the program registered, with the inputs as the engine received them. */
export interface CreatedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

type Computed = (args: pulumi.runtime.MockResourceArgs) => { id?: string; state: Record<string, unknown> };

/**
 * What a provider computes and the program reads back, by type token. Every other
 * resource only echoes its inputs, which is all the program reads from them.
 */
const PROVIDER_COMPUTED: Record<string, Computed> = {
  "digitalocean:index/droplet:Droplet": () => ({
    id: MOCK_DROPLET_ID,
    state: {
      ipv4Address: MOCK_DROPLET_IP,
      ipv4AddressPrivate: MOCK_DROPLET_PRIVATE_IP,
      dropletUrn: `do:droplet:${MOCK_DROPLET_ID}`,
      status: "active",
    },
  }),
  "digitalocean:index/reservedIp:ReservedIp": (args) => ({
    state: { ipAddress: MOCK_RESERVED_IP, reservedIpUrn: `do:reservedip:${MOCK_RESERVED_IP}`, region: args.inputs.region },
  }),
  "digitalocean:index/volume:Volume": (args) => ({ id: "vol-1", state: { volumeUrn: `do:volume:${String(args.inputs.name)}` } }),
  "digitalocean:index/spacesBucket:SpacesBucket": (args) => ({
    state: {
      bucketDomainName: `${String(args.inputs.name)}.${String(args.inputs.region)}.digitaloceanspaces.com`,
      bucketUrn: `do:space:${String(args.inputs.name)}`,
    },
  }),
  "digitalocean:index/cdn:Cdn": () => ({ state: { endpoint: MOCK_CDN_ENDPOINT } }),
  "random:index/randomPassword:RandomPassword": () => ({ state: { result: MOCK_GENERATED_PASSWORD } }),
  "command:local:Command": () => ({ state: { stdout: "vigil: droplet is ready" } }),
  "docker:index/remoteImage:RemoteImage": (args) => {
    const digest = createHash("sha256").update(String(args.inputs.name)).digest("hex");
    return { state: { imageId: `sha256:${digest}`, repoDigest: `${String(args.inputs.name)}@sha256:${digest}` } };
  },
};

/** What a data-source lookup (invoke) answers, by its token. */
const INVOKE_RESULTS: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
  "digitalocean:index/getVpc:getVpc": (inputs) => ({
    id: inputs.id ?? "default-vpc-uuid",
    name: "default-fra1",
    region: inputs.region ?? "fra1",
    ipRange: MOCK_VPC_RANGE,
  }),
  "digitalocean:index/getDatabaseCluster:getDatabaseCluster": (inputs) => ({
    id: `cluster-${String(inputs.name)}`,
    name: inputs.name,
  }),
};

/**
 * Records every registered resource; answers with inputs plus what the provider computes.
 * With `preview`, provider-computed values are left out, as `pulumi preview` leaves them
 * unknown before the resource exists.
 */
export class VigilMocks implements pulumi.runtime.Mocks {
  readonly created: CreatedResource[] = [];
  readonly invoked: Array<{ token: string; inputs: Record<string, unknown> }> = [];

  constructor(private readonly preview = false) {}

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs = args.inputs as Record<string, unknown>;
    this.created.push({ type: args.type, name: args.name, inputs });
    if (this.preview) return { id: undefined, state: inputs } as unknown as pulumi.runtime.MockResourceResult;
    const computed = PROVIDER_COMPUTED[args.type]?.(args) ?? { state: {} };
    return { id: computed.id ?? `${args.name}-id`, state: { ...inputs, ...computed.state } };
  }

  call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    const inputs = args.inputs as Record<string, unknown>;
    this.invoked.push({ token: args.token, inputs });
    return INVOKE_RESULTS[args.token]?.(inputs) ?? inputs;
  }

  /** The resources of one type token, in registration order. */
  ofType(type: string): CreatedResource[] {
    return this.created.filter((resource) => resource.type === type);
  }
}

/** Installs a fresh VigilMocks, as stack `prod` of project `vigil`; a preview when asked. */
export async function installMocks(preview = false): Promise<VigilMocks> {
  const mocks = new VigilMocks(preview);
  await pulumi.runtime.setMocks(mocks, "vigil", "prod", preview);
  return mocks;
}

// ---------------------------------------------------------------- stack config

export interface TestStackConfig {
  /** `namespace:key` → value as the engine hands it to the program (objects JSON-encoded). */
  config: Record<string, string>;
  /** The keys holding a secret anywhere inside; the engine marks them secret as a whole. */
  secretKeys: string[];
  /** Test value of each secret, by its path in the vigil config (`grafana.adminPassword`). */
  secretValues: Map<string, string>;
}

const VIGIL_PREFIX = `${CONFIG_NAMESPACE}:`;

/**
 * The value a `secure:` leaf gets in tests: recognisable, and unique to its path; a URL
 * where the config checks for one (the Slack webhook, the heartbeat).
 */
export function testSecretValue(secretPath: string): string {
  return /url$/i.test(secretPath) ? `https://hooks.example.com/test-secret-${secretPath}` : `test-secret-${secretPath}`;
}

/**
 * Reads a stack file's `config:` and turns it into what the engine would hand the program
 * once it has decrypted the secrets: each `secure:` leaf becomes testSecretValue(path),
 * structured values are JSON strings, scalars are strings.
 */
export function testStackConfig(stackFile: string = PROD_STACK_FILE): TestStackConfig {
  const document = parseYaml(readFileSync(stackFile, "utf8")) as { config?: Record<string, unknown> };
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const secretValues = new Map<string, string>();
  for (const [key, raw] of Object.entries(document.config ?? {})) {
    // vigil's secret paths are relative to its namespace, as in the config (`grafana.adminPassword`).
    const keyPath = key.startsWith(VIGIL_PREFIX) ? key.slice(VIGIL_PREFIX.length) : key;
    let holdsSecret = false;
    const decrypt = (value: unknown, valuePath: string): unknown => {
      if (isSecure(value)) {
        holdsSecret = true;
        const plaintext = testSecretValue(valuePath);
        secretValues.set(valuePath, plaintext);
        return plaintext;
      }
      if (Array.isArray(value)) return value.map((item, index) => decrypt(item, `${valuePath}.${index}`));
      if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decrypt(v, `${valuePath}.${k}`)]));
      }
      return value;
    };
    const plain = decrypt(raw, keyPath);
    config[key] = engineValue(plain);
    if (holdsSecret) secretKeys.push(key);
  }
  return { config, secretKeys, secretValues };
}

/** Sets the running stack's config the way the engine does, from testStackConfig(). */
export function setTestStackConfig(stackFile: string = PROD_STACK_FILE): TestStackConfig {
  const stack = testStackConfig(stackFile);
  pulumi.runtime.setAllConfig(stack.config, stack.secretKeys);
  return stack;
}

/** Strings as they are, objects and arrays as JSON: how the engine hands config over. */
function engineValue(value: unknown): string {
  if (typeof value === "string") return value;
  return value !== null && typeof value === "object" ? JSON.stringify(value) : String(value);
}

function isSecure(value: unknown): value is { secure: string } {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { secure?: unknown }).secure === "string"
  );
}

// ---------------------------------------------------------------- reading inputs

/**
 * True when a value reached the engine marked secret: the engine encrypts exactly those in
 * the state. The SDK lifts a secret element to its enclosing top-level property.
 */
export function arrivedSecret(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
  );
}

/** The value inside a secret marker (or the value itself), for assertions on content. */
export function unwrapSecret(value: unknown): unknown {
  return arrivedSecret(value) ? (value as { value: unknown }).value : value;
}
