namespace ChatArchive.Classification.Matching;

/// <summary>
/// A message's words, folded, in one reusable buffer: the rule stage tokenizes every message
/// without allocating (measured in bench/Classification). Not thread-safe; one per worker.
/// </summary>
public sealed class TokenBuffer
{
    private char[] _chars = new char[512];
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];

    public int Count { get; private set; }

    public ReadOnlySpan<char> this[int index] => _chars.AsSpan(_starts[index], _lengths[index]);

    public void Fill(string text)
    {
        Count = 0;
        if (_chars.Length < text.Length) _chars = new char[Math.Max(text.Length, _chars.Length * 2)];
        var length = 0;
        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (CharFolding.IsWordChar(c))
            {
                if (start < 0) start = length;
                _chars[length++] = CharFolding.Fold(c);
            }
            else if (start >= 0)
            {
                Add(start, length - start);
                start = -1;
            }
        }
        if (start >= 0) Add(start, length - start);
    }

    private void Add(int start, int length)
    {
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _lengths, Count * 2);
        }
        _starts[Count] = start;
        _lengths[Count] = length;
        Count++;
    }
}
