import { HOST_CONTAINERS, SERVICE_CATALOG, SERVICES, type HostContainer, type ServiceName } from "../core/catalog";

// The droplet's base image, and the container images as the service catalog
// (core/catalog.ts) pins them, with the check that a reference names an exact release.

/**
 * DigitalOcean's Docker 1-click image (Docker Engine preinstalled on the current Ubuntu
 * LTS, 24.04): the docker provider can talk to the droplet over SSH on first boot, with no
 * cloud-init step of ours to install or keep Docker current. One-click slugs name the LTS
 * they sit on; `doctl compute image list-application --public | grep docker` lists them.
 */
export const DROPLET_IMAGE = "docker-24-04";

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
