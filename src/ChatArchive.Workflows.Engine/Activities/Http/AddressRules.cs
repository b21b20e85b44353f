using System.Net;
using System.Net.Sockets;

namespace ChatArchive.Workflows.Engine.Activities.Http;

/// <summary>
/// Which IP addresses an outgoing workflow request may reach: public addresses, and non-public ones (loopback, link-local,
/// private, carrier-grade NAT, multicast, unspecified) only when <see cref="HttpActivityOptions.AllowedPrivateAddresses"/> lists them.
/// </summary>
public sealed class AddressRules
{
    private readonly List<(byte[] Network, int PrefixLength)> allowed = [];

    public AddressRules(IEnumerable<string> allowedPrivateAddresses)
    {
        foreach (var entry in allowedPrivateAddresses.Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            var parts = entry.Trim().Split('/', 2);
            if (!IPAddress.TryParse(parts[0], out var ip))
            {
                throw new ArgumentException($"'{entry}' in ChatArchive:Workflows:Http:AllowedPrivateAddresses is geen IP-adres of netwerk (zoals 10.0.0.0/8).");
            }
            ip = Normal(ip);
            var bytes = ip.GetAddressBytes();
            var prefix = bytes.Length * 8;
            if (parts.Length == 2 && (!int.TryParse(parts[1], out prefix) || prefix < 0 || prefix > bytes.Length * 8))
            {
                throw new ArgumentException($"'{entry}' in ChatArchive:Workflows:Http:AllowedPrivateAddresses heeft een ongeldige netwerklengte.");
            }
            allowed.Add((bytes, prefix));
        }
    }

    /// <summary>True when a request may connect to <paramref name="address"/>.</summary>
    public bool MayConnect(IPAddress address)
    {
        var ip = Normal(address);
        return !IsNonPublic(ip) || allowed.Any(a => InNetwork(ip.GetAddressBytes(), a.Network, a.PrefixLength));
    }

    /// <summary>Loopback, link-local, private, shared (100.64/10), multicast, unspecified, reserved: not the public internet.</summary>
    public static bool IsNonPublic(IPAddress address)
    {
        var ip = Normal(address);
        if (IPAddress.IsLoopback(ip))
        {
            return true;
        }
        var b = ip.GetAddressBytes();
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            return b[0] == 0 || b[0] == 10 || b[0] == 127 || (b[0] == 100 && (b[1] & 0xC0) == 64) || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168) || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] & 0xFE) == 18) || b[0] >= 224;
        }
        return ip.Equals(IPAddress.IPv6None) || ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC
            || ip.IsIPv4MappedToIPv6;
    }

    private static IPAddress Normal(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

    private static bool InNetwork(byte[] ip, byte[] network, int prefixLength)
    {
        if (ip.Length != network.Length)
        {
            return false;
        }
        for (var bit = 0; bit < prefixLength; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((ip[bit / 8] & mask) != (network[bit / 8] & mask))
            {
                return false;
            }
        }
        return true;
    }
}
