import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// The demo app's public page is served over HTTPS, as a real application's is, so the probe
// reports the certificate's expiry (the TLS panels and alerts have data). The certificate is
// made at start, for 127.0.0.1, and is its own CA: the probe is told to trust it through
// app.publicUrlCa, the setting an application behind a private CA would use.

export interface LocalCertificate {
  certFile: string;
  keyFile: string;
  pem: string;
}

/** A self-signed certificate for IP 127.0.0.1, valid `days` days, made with openssl. */
export function makeLocalCertificate(dir: string, days = 60): LocalCertificate {
  mkdirSync(dir, { recursive: true });
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", keyFile, "-out", certFile, "-days", String(days),
      "-subj", "/CN=vigil local demo app",
      "-addext", "subjectAltName=IP:127.0.0.1",
      "-addext", "basicConstraints=critical,CA:TRUE",
    ],
    { stdio: "pipe" },
  );
  return { certFile, keyFile, pem: readFileSync(certFile, "utf8") };
}
