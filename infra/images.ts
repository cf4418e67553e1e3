import { HOST_CONTAINERS, SERVICE_CATALOG, SERVICES, type HostContainer, type ServiceName } from "../core/catalog";

// The droplet's base image, and the container images as the service catalog
// (core/catalog.ts) pins them, with the check that a reference names an exact release.

/**
 * DigitalOcean's plain Ubuntu 24.04 LTS (noble) image. Not a 1-click Docker image: those
 * come and go with their build repository (digitalocean/droplet-1-clicks has no
 * `docker-24-04`) and turn on ufw with `ufw limit ssh`, which cuts off the docker provider's
 * parallel SSH connections. Docker Engine is installed by cloud-init instead, from
 * {@link DOCKER_ENGINE}. Base image slugs: `doctl compute image list-distribution --public`.
 */
export const DROPLET_IMAGE = "ubuntu-24-04-x64";

/**
 * Docker Engine as cloud-init installs it on {@link DROPLET_IMAGE}: Docker's own apt
 * repository for the image's release, its signing key pinned by fingerprint, and exact
 * package versions, so every droplet (a replacement too) runs the Docker that was reviewed.
 * None of this can be checked from a test machine. The versions the repository holds:
 * https://download.docker.com/linux/ubuntu/dists/noble/stable/binary-amd64/Packages, or
 * `apt-cache madison docker-ce docker-ce-cli containerd.io` on a noble host with the
 * repository added; the key's fingerprint: docs.docker.com/engine/install/ubuntu/. Changing
 * a version changes the user data, which replaces the droplet (docs/operations.md).
 */
export const DOCKER_ENGINE = {
  /** Docker's apt repository for Ubuntu. */
  repository: "https://download.docker.com/linux/ubuntu",
  /** The repository's suite: the image's release codename. */
  suite: "noble",
  /** Where Docker publishes the repository's signing key. */
  keyUrl: "https://download.docker.com/linux/ubuntu/gpg",
  /** SECURITY: the only key the repository is trusted with (Docker Release (CE deb)). */
  keyFingerprint: "9DC858229FC7DD38854AE2D88D81803C0EBFCD88",
  /** docker-ce and docker-ce-cli, one release: epoch, version, build and target release. */
  version: "5:28.5.2-1~ubuntu.24.04~noble",
  /** The containerd.io build Docker released beside it. */
  containerdVersion: "1.7.29-1",
} as const;

/** The image of each service, as the catalog pins it. */
export const CONTAINER_IMAGES: Record<ServiceName, string> = Object.fromEntries(
  SERVICES.map((service) => [service, SERVICE_CATALOG[service].image]),
) as Record<ServiceName, string>;

/** The images of the containers the droplet runs beside the services. */
export const HOST_IMAGES: Record<HostContainer, string> = {
  cadvisor: HOST_CONTAINERS.cadvisor.image,
  caddy: HOST_CONTAINERS.caddy.image,
};

/** Every image reference the program may run, for the checks that none floats. */
export const ALL_IMAGES: readonly string[] = [...Object.values(CONTAINER_IMAGES), ...Object.values(HOST_IMAGES)];

/**
 * True when an image reference names an exact release: a digest, or a tag that is not
 * `latest` and carries a version number (so `node:lts` or `caddy:alpine` do not pass).
 */
export function isPinnedImage(reference: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(reference)) return true;
  const slash = reference.lastIndexOf("/");
  const colon = reference.lastIndexOf(":");
  if (colon <= slash) return false;
  const tag = reference.slice(colon + 1);
  return tag !== "latest" && /\d+\.\d+/.test(tag);
}
