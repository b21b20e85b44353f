namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>
/// The few questions the header grammar asks of a line's units, answered for UTF-16 chars and for UTF-8 bytes,
/// so that <see cref="WhatsAppHeaderParser"/> is written once (generic over these, specialised by the JIT).
/// Only ASCII and WhatsApp's marks and spaces take part in a header; every other unit is "not this".
/// </summary>
public static class HeaderText
{
    public interface IUnits<TUnit> where TUnit : unmanaged
    {
        /// <summary>0–9 for an ASCII digit, otherwise -1.</summary>
        static abstract int Digit(TUnit u);

        static abstract bool Is(TUnit u, char ascii);

        static abstract bool Same(TUnit a, TUnit b);

        /// <summary>The ASCII letter in lower case, or '\0'.</summary>
        static abstract char LowerAscii(TUnit u);

        /// <summary>Length in units of an LRM, RLM or BOM at <paramref name="i"/>, or 0.</summary>
        static abstract int MarkAt(ReadOnlySpan<TUnit> s, int i);

        /// <summary>Length in units of a space, no-break space (U+00A0) or narrow no-break space (U+202F) at <paramref name="i"/>, or 0.</summary>
        static abstract int SpaceAt(ReadOnlySpan<TUnit> s, int i);

        static abstract int IndexOfColon(ReadOnlySpan<TUnit> s);
    }

    public readonly struct Utf16 : IUnits<char>
    {
        public static int Digit(char u) => (uint)(u - '0') <= 9 ? u - '0' : -1;

        public static bool Is(char u, char ascii) => u == ascii;

        public static bool Same(char a, char b) => a == b;

        public static char LowerAscii(char u) => u is >= 'A' and <= 'Z' ? (char)(u | 0x20) : u is >= 'a' and <= 'z' ? u : '\0';

        public static int MarkAt(ReadOnlySpan<char> s, int i) =>
            i < s.Length && (WhatsAppHeaderParser.IsMark(s[i]) || WhatsAppHeaderParser.IsBidiControl(s[i])) ? 1 : 0;

        public static int SpaceAt(ReadOnlySpan<char> s, int i) => i < s.Length && WhatsAppHeaderParser.IsSpace(s[i]) ? 1 : 0;

        public static int IndexOfColon(ReadOnlySpan<char> s) => s.IndexOf(':');
    }

    public readonly struct Utf8 : IUnits<byte>
    {
        public static int Digit(byte u) => (uint)(u - '0') <= 9 ? u - '0' : -1;

        public static bool Is(byte u, char ascii) => u == ascii;

        public static bool Same(byte a, byte b) => a == b;

        public static char LowerAscii(byte u) => u is >= (byte)'A' and <= (byte)'Z' ? (char)(u | 0x20) : u is >= (byte)'a' and <= (byte)'z' ? (char)u : '\0';

        /// <summary>An LRM (U+200E = E2 80 8E) at <paramref name="i"/>: how iOS starts a system notice's body.</summary>
        public static bool LrmAt(ReadOnlySpan<byte> s, int i) => i + 2 < s.Length && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x8E;

        // U+200E = E2 80 8E, U+200F = E2 80 8F, U+FEFF = EF BB BF; at a line's start also the other direction marks.
        public static int MarkAt(ReadOnlySpan<byte> s, int i)
        {
            if (i + 1 < s.Length && s[i] == 0xD8 && s[i + 1] == 0x9C) return 2; // U+061C ARABIC LETTER MARK
            if (i + 2 >= s.Length) return 0;
            var (a, b, c) = (s[i], s[i + 1], s[i + 2]);
            return (a == 0xE2 && b == 0x80 && c is 0x8E or 0x8F or (>= 0xAA and <= 0xAE)) // LRM, RLM, U+202A–U+202E
                   || (a == 0xE2 && b == 0x81 && c is >= 0xA6 and <= 0xA9) // U+2066–U+2069 (isolates)
                   || (a == 0xEF && b == 0xBB && c == 0xBF)
                ? 3
                : 0;
        }

        // U+0020 = 20, U+00A0 = C2 A0, U+202F = E2 80 AF.
        public static int SpaceAt(ReadOnlySpan<byte> s, int i)
        {
            if (i >= s.Length) return 0;
            if (s[i] == (byte)' ') return 1;
            if (s[i] == 0xC2 && i + 1 < s.Length && s[i + 1] == 0xA0) return 2;
            if (s[i] == 0xE2 && i + 2 < s.Length && s[i + 1] == 0x80 && s[i + 2] == 0xAF) return 3;
            return 0;
        }

        public static int IndexOfColon(ReadOnlySpan<byte> s) => s.IndexOf((byte)':');
    }
}
