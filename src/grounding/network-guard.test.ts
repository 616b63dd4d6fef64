import { describe, expect, it } from "vitest";
import { isNonPublicAddress } from "./network-guard.ts";

describe("isNonPublicAddress", () => {
  it("refuses loopback, private, link-local, shared, multicast and reserved addresses", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fc00::1", "fd12::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "not an address"]) {
      expect(isNonPublicAddress(address), address).toBe(true);
    }
  });

  it("accepts public unicast addresses", () => {
    for (const address of ["8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) expect(isNonPublicAddress(address), address).toBe(false);
  });
});
