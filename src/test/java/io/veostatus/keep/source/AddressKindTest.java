package io.veostatus.keep.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.veostatus.testing.ForAll;

/**
 * What each address is, without Quarkus: the edges of every range a video may not be fetched from, then properties
 * over generated addresses, with IANA's special-purpose registries (transcribed here as CIDR text, apart from the
 * code's table) and the JDK's own predicates as the oracles.
 */
class AddressKindTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "0.0.0.0, UNSPECIFIED", "0.255.255.255, UNSPECIFIED", "1.0.0.0, PUBLIC",
            "9.255.255.255, PUBLIC", "10.0.0.0, PRIVATE", "10.255.255.255, PRIVATE", "11.0.0.0, PUBLIC",
            "100.63.255.255, PUBLIC", "100.64.0.0, SHARED", "100.127.255.255, SHARED", "100.128.0.0, PUBLIC",
            "126.255.255.255, PUBLIC", "127.0.0.1, LOOPBACK", "127.255.255.255, LOOPBACK", "128.0.0.0, PUBLIC",
            "169.253.255.255, PUBLIC", "169.254.169.254, LINK_LOCAL", "169.254.170.2, LINK_LOCAL", "169.255.0.0, PUBLIC",
            "172.15.255.255, PUBLIC", "172.16.0.0, PRIVATE", "172.31.255.255, PRIVATE", "172.32.0.0, PUBLIC",
            "191.255.255.255, PUBLIC", "192.0.0.0, RESERVED", "192.0.0.170, RESERVED", "192.0.0.255, RESERVED",
            "192.0.1.0, PUBLIC", "192.0.2.1, RESERVED", "192.88.99.1, RESERVED", "192.88.100.0, PUBLIC",
            "192.167.255.255, PUBLIC", "192.168.0.1, PRIVATE", "192.168.255.255, PRIVATE", "192.169.0.0, PUBLIC",
            "198.17.255.255, PUBLIC", "198.18.0.0, RESERVED", "198.19.255.255, RESERVED", "198.20.0.0, PUBLIC",
            "198.51.100.7, RESERVED", "203.0.113.9, RESERVED", "203.0.114.0, PUBLIC",
            "223.255.255.255, PUBLIC", "224.0.0.1, MULTICAST", "239.255.255.255, MULTICAST", "240.0.0.0, RESERVED",
            "255.255.255.254, RESERVED", "255.255.255.255, BROADCAST",
            "8.8.8.8, PUBLIC", "52.216.8.75, PUBLIC",
            "::, UNSPECIFIED", "::1, LOOPBACK", "::2, UNSPECIFIED",
            "::127.0.0.1, LOOPBACK", "::10.1.2.3, PRIVATE", "::169.254.169.254, LINK_LOCAL", "::8.8.8.8, RESERVED",
            "64:ff9b::7f00:1, LOOPBACK", "64:ff9b::a9fe:a9fe, LINK_LOCAL", "64:ff9b::808:808, PUBLIC",
            "64:ff9b:1::1, RESERVED", "100::1, RESERVED",
            "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED", "2000::, PUBLIC",
            "2001::1, RESERVED", "2001:1ff:ffff::1, RESERVED", "2001:200::1, PUBLIC", "2001:db8::1, RESERVED",
            "2001:4860:4860::8888, PUBLIC", "2002:7f00:1::, RESERVED", "2606:4700:4700::1111, PUBLIC",
            "2a05:d018:ff:ff00::1, PUBLIC", "3ffe:ffff::1, PUBLIC", "3fff::1, RESERVED", "4000::1, RESERVED",
            "5f00::1, RESERVED", "fbff:ffff::1, RESERVED",
            "fc00::1, UNIQUE_LOCAL", "fd00:ec2::254, UNIQUE_LOCAL", "fd00:ec2::23, UNIQUE_LOCAL",
            "fe80::1, LINK_LOCAL", "febf:ffff::1, LINK_LOCAL", "fec0::1, PRIVATE", "ff02::1, MULTICAST" })
    void eachAddressIsWhatTheRegistrySays(String address, AddressKind kind) throws UnknownHostException {
        assertEquals(kind, AddressKind.of(InetAddress.getByName(address)));
    }

    /** The JDK turns an IPv4-mapped text into the IPv4 address; an Inet6Address of those 16 bytes is what it maps. */
    @ParameterizedTest(name = "::ffff:{0} is {1}")
    @CsvSource({ "127.0.0.1, LOOPBACK", "169.254.169.254, LINK_LOCAL", "10.0.0.1, PRIVATE", "0.0.0.0, UNSPECIFIED",
            "255.255.255.255, BROADCAST", "8.8.8.8, PUBLIC" })
    void anIpv4MappedAddressIsTheAddressItMaps(String ipv4, AddressKind kind) throws UnknownHostException {
        assertEquals(kind, AddressKind.of(mapped(InetAddress.getByName(ipv4).getAddress())));
        assertEquals(kind, AddressKind.of(InetAddress.getByName("::ffff:" + ipv4)));
    }

    @Test
    void everyIpv6FormOfAnIpv4AddressIsWhatTheIpv4AddressIs() {
        ForAll.check("IPv6 forms of IPv4", 19, 20_000, AddressKindTest::ipv4Near, ipv4 -> {
            AddressKind kind = AddressKind.of(ipv4.bytes());
            assertEquals(kind, AddressKind.of(mapped(ipv4.bytes())), "IPv4-mapped");
            assertEquals(kind, AddressKind.of(withPrefix(ipv4.bytes(), 0x00, 0x64, 0xff, 0x9b)), "NAT64");
            AddressKind compatible = AddressKind.of(withPrefix(ipv4.bytes()));
            assertNotEquals(AddressKind.PUBLIC, compatible, "an IPv4-compatible address is never public");
            return kind.name();
        });
    }

    @Test
    void anIpv4AddressIsPublicExactlyWhenNoRangeOfTheRegistryHoldsIt() {
        ForAll.check("IPv4 ranges", 23, 50_000, AddressKindTest::ipv4Near, ipv4 -> {
            boolean held = IPV4_NOT_PUBLIC.stream().anyMatch(range -> range.holds(ipv4.value()));
            assertEquals(!held, AddressKind.of(ipv4.bytes()) == AddressKind.PUBLIC, ipv4.toString());
            assertJdkAgrees(ipv4.bytes());
            return held ? "held" : "public";
        });
    }

    @Test
    void anIpv6AddressIsPublicOnlyInGlobalUnicastOutsideItsSpecialRanges() {
        ForAll.check("IPv6 ranges", 29, 50_000, random -> {
            byte[] address = new byte[16];
            random.nextBytes(address);
            int where = random.nextInt(4);
            if (where == 1) {
                // In 2000::/3, where the public ones are.
                address[0] = (byte) (0x20 | (address[0] & 0x1f));
            } else if (where >= 2) {
                // In a special range of 2000::/3, or just beside it (its last prefix bit flipped).
                Prefix range = IPV6_SPECIAL.get(random.nextInt(IPV6_SPECIAL.size()));
                for (int bit = 0; bit < range.bits(); bit++) {
                    int mask = 0x80 >>> (bit % 8);
                    int value = bit / 8 < range.bytes().length ? range.bytes()[bit / 8] & mask : 0;
                    address[bit / 8] = (byte) ((address[bit / 8] & ~mask) | value);
                }
                if (where == 3) {
                    address[(range.bits() - 1) / 8] ^= (byte) (0x80 >>> ((range.bits() - 1) % 8));
                }
            }
            return address;
        }, address -> {
            AddressKind kind = AddressKind.of(address);
            boolean globalUnicast = (address[0] & 0xe0) == 0x20;
            boolean special = IPV6_SPECIAL.stream().anyMatch(range -> range.holds(address));
            assertEquals(globalUnicast && !special, kind == AddressKind.PUBLIC, hex(address));
            assertJdkAgrees(address);
            return globalUnicast ? (special ? "special" : "public") : "outside 2000::/3";
        });
    }

    /** Whatever the JDK calls loopback, link-local, site-local, any-local or multicast is never public here. */
    private static void assertJdkAgrees(byte[] bytes) {
        try {
            InetAddress address = InetAddress.getByAddress(bytes);
            if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                    || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                assertNotEquals(AddressKind.PUBLIC, AddressKind.of(address), address.toString());
            }
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** An IPv4 address, half the time at or beside an edge of a range of the registry. */
    private static Ipv4 ipv4Near(SplittableRandom random) {
        if (random.nextBoolean()) {
            return new Ipv4(random.nextLong(1L << 32));
        }
        Cidr range = IPV4_NOT_PUBLIC.get(random.nextInt(IPV4_NOT_PUBLIC.size()));
        long first = range.first();
        long last = first + (1L << (32 - range.bits())) - 1;
        long[] near = { first - 1, first, first + 1, last - 1, last, last + 1,
                first + random.nextLong(last - first + 1) };
        return new Ipv4(Math.floorMod(near[random.nextInt(near.length)], 1L << 32));
    }

    private record Ipv4(long value) {
        byte[] bytes() {
            return new byte[] { (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value };
        }

        @Override
        public String toString() {
            return (value >>> 24) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
        }
    }

    /** A CIDR range of IPv4, as the registry writes it. */
    private record Cidr(long first, int bits) {
        static Cidr of(String text) {
            String[] parts = text.split("[./]");
            long value = 0;
            for (int i = 0; i < 4; i++) {
                value = value << 8 | Long.parseLong(parts[i]);
            }
            return new Cidr(value, Integer.parseInt(parts[4]));
        }

        boolean holds(long address) {
            return address >>> (32 - bits) == first >>> (32 - bits);
        }
    }

    /** IANA IPv4 special-purpose registry ranges that are not globally reachable, and those refused all the same. */
    private static final List<Cidr> IPV4_NOT_PUBLIC = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4").stream().map(Cidr::of).toList();

    /** An IPv6 prefix, by its first bytes and its length in bits. */
    private record Prefix(int bits, int... bytes) {
        boolean holds(byte[] address) {
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                int expected = bit / 8 < bytes.length ? bytes[bit / 8] : 0;
                if ((address[bit / 8] & mask) != (expected & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Special-purpose ranges inside 2000::/3: 2001::/23, 2001:db8::/32, 2002::/16, 3fff::/20. */
    private static final List<Prefix> IPV6_SPECIAL = List.of(new Prefix(23, 0x20, 0x01, 0x00),
            new Prefix(32, 0x20, 0x01, 0x0d, 0xb8), new Prefix(16, 0x20, 0x02), new Prefix(20, 0x3f, 0xff));

    private static byte[] mapped(byte[] ipv4) {
        return withPrefix(ipv4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff);
    }

    /** The 16 bytes of the IPv4 address after {@code first} (the rest zeros). */
    private static byte[] withPrefix(byte[] ipv4, int... first) {
        byte[] address = new byte[16];
        for (int i = 0; i < first.length; i++) {
            address[i] = (byte) first[i];
        }
        System.arraycopy(ipv4, 0, address, 12, 4);
        return address;
    }

    private static String hex(byte[] address) {
        StringBuilder text = new StringBuilder();
        for (byte b : address) {
            text.append(String.format("%02x", b & 0xff));
        }
        return text.toString();
    }
}
