package io.veostatus.keep.source;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * What an IP address is, for the one question the keeping function asks of it: may a video be fetched from it?
 * Only a {@link #PUBLIC} one may. The ranges are those of IANA's IPv4 and IPv6 special-purpose address registries
 * that are not globally reachable, plus the ones a careful guard refuses although the registry calls some of their
 * addresses reachable (all of 192.0.0.0/24, 6to4, Teredo), and everything of IPv6 outside 2000::/3, which is not
 * allocated for global unicast. An IPv6 address that carries an IPv4 one (IPv4-mapped {@code ::ffff:a.b.c.d},
 * IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}) is what the IPv4 address is; a compatible
 * one is never public, since nothing routes that deprecated form.
 *
 * <p>A pure function of the address's bytes: it resolves nothing and connects nowhere.
 */
enum AddressKind {

    PUBLIC("a public address"),
    UNSPECIFIED("an unspecified address"),
    LOOPBACK("a loopback address"),
    PRIVATE("a private address"),
    SHARED("a shared (carrier-grade NAT) address"),
    LINK_LOCAL("a link-local address"),
    UNIQUE_LOCAL("a unique-local address"),
    MULTICAST("a multicast address"),
    BROADCAST("the broadcast address"),
    RESERVED("a reserved address");

    private record Range(byte[] prefix, int bits, AddressKind kind) {

        static Range of(String prefix, int bits, AddressKind kind) {
            byte[] bytes = parse(prefix);
            return new Range(bytes, bits, kind);
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Not public IPv4 ranges; the first that holds an address says what it is (the broadcast one before 240/4). */
    private static final List<Range> IPV4 = List.of(
            Range.of("0.0.0.0", 8, UNSPECIFIED), // "this network"
            Range.of("10.0.0.0", 8, PRIVATE),
            Range.of("100.64.0.0", 10, SHARED),
            Range.of("127.0.0.0", 8, LOOPBACK),
            Range.of("169.254.0.0", 16, LINK_LOCAL), // the instance metadata and container credentials addresses
            Range.of("172.16.0.0", 12, PRIVATE),
            Range.of("192.0.0.0", 24, RESERVED), // IETF protocol assignments
            Range.of("192.0.2.0", 24, RESERVED), // documentation
            Range.of("192.88.99.0", 24, RESERVED), // 6to4 relay anycast, deprecated
            Range.of("192.168.0.0", 16, PRIVATE),
            Range.of("198.18.0.0", 15, RESERVED), // benchmarking
            Range.of("198.51.100.0", 24, RESERVED), // documentation
            Range.of("203.0.113.0", 24, RESERVED), // documentation
            Range.of("224.0.0.0", 4, MULTICAST),
            Range.of("255.255.255.255", 32, BROADCAST),
            Range.of("240.0.0.0", 4, RESERVED));

    private static final Range MAPPED = Range.of("::ffff:0:0", 96, PUBLIC);
    private static final Range COMPATIBLE = Range.of("::", 96, PUBLIC);
    private static final Range NAT64 = Range.of("64:ff9b::", 96, PUBLIC);

    /** Not public IPv6 ranges, after those that carry an IPv4 address. */
    private static final List<Range> IPV6 = List.of(
            Range.of("::", 128, UNSPECIFIED),
            Range.of("::1", 128, LOOPBACK),
            Range.of("64:ff9b:1::", 48, RESERVED), // local-use NAT64
            Range.of("100::", 64, RESERVED), // discard-only
            Range.of("2001::", 23, RESERVED), // IETF protocol assignments, Teredo among them
            Range.of("2001:db8::", 32, RESERVED), // documentation
            Range.of("2002::", 16, RESERVED), // 6to4
            Range.of("3fff::", 20, RESERVED), // documentation
            Range.of("5f00::", 16, RESERVED), // segment routing
            Range.of("fc00::", 7, UNIQUE_LOCAL), // AWS's IPv6 metadata address fd00:ec2::254 among them
            Range.of("fe80::", 10, LINK_LOCAL),
            Range.of("fec0::", 10, PRIVATE), // site-local, deprecated
            Range.of("ff00::", 8, MULTICAST));
    private static final Range GLOBAL_UNICAST = Range.of("2000::", 3, PUBLIC);

    private final String phrase;

    AddressKind(String phrase) {
        this.phrase = phrase;
    }

    /** In a sentence: "a loopback address". */
    String phrase() {
        return phrase;
    }

    static AddressKind of(InetAddress address) {
        return of(address.getAddress());
    }

    /** What the address of these 4 (IPv4) or 16 (IPv6) bytes is. */
    static AddressKind of(byte[] address) {
        if (address.length == 4) {
            return IPV4.stream().filter(range -> range.contains(address)).map(Range::kind).findFirst().orElse(PUBLIC);
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
        }
        byte[] carried = Arrays.copyOfRange(address, 12, 16);
        if (MAPPED.contains(address) || NAT64.contains(address)) {
            return of(carried);
        }
        for (Range range : IPV6) {
            if (range.contains(address)) {
                return range.kind();
            }
        }
        if (COMPATIBLE.contains(address)) {
            AddressKind inner = of(carried);
            return inner == PUBLIC ? RESERVED : inner;
        }
        return GLOBAL_UNICAST.contains(address) ? PUBLIC : RESERVED;
    }

    /** The bytes of a numeric IPv4 or IPv6 address as the JDK reads them (never a lookup: the text is numeric). */
    private static byte[] parse(String numeric) {
        try {
            byte[] bytes = InetAddress.getByName(numeric).getAddress();
            // The JDK gives an IPv4-mapped IPv6 text as the IPv4 address; the range wants all 16 bytes.
            if (bytes.length == 4 && numeric.contains(":")) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return mapped;
            }
            return bytes;
        } catch (java.net.UnknownHostException notNumeric) {
            throw new IllegalArgumentException(numeric + " is not a numeric address", notNumeric);
        }
    }
}
