using ChatArchive.Classification.Matching;

namespace ChatArchive.Classification.Statistics;

/// <summary>
/// The text features of <see cref="TextModel"/>, hashed (FNV-1a) into <see cref="TextModel.Size"/> buckets
/// without allocating: every folded word, every pair of neighbouring words, and the character 4-grams of
/// each word with its edges marked ("^ziek", "ziek", "iekt", …, "nhuis$"), so inflections and compounds
/// share features ("ziekenhuis", "ziekenhuisopname").
/// </summary>
internal static class HashedFeatures
{
    private const uint Offset = 2166136261;
    private const uint Prime = 16777619;
    private const int MaxWordForGrams = 24;

    /// <summary>Every feature bucket of the message, in order (repeats kept), into <paramref name="buckets"/> (cleared first).</summary>
    public static void Fill(TokenBuffer tokens, List<int> buckets)
    {
        buckets.Clear();
        var state = new Enumerator(tokens);
        while (state.MoveNext(out var bucket)) buckets.Add(bucket);
    }

    public static int Count(TokenBuffer tokens)
    {
        var n = 0;
        var state = new Enumerator(tokens);
        while (state.MoveNext(out _)) n++;
        return n;
    }

    /// <summary>Walks the features of one message: word i, pair (i-1, i), then the 4-grams of word i.</summary>
    internal ref struct Enumerator(TokenBuffer tokens)
    {
        private int _word;
        private int _step; // 0: word, 1: pair, 2+: 4-gram starting at _step - 3 in "^word$"

        public bool MoveNext(out int bucket)
        {
            while (_word < tokens.Count)
            {
                var word = tokens[_word];
                switch (_step)
                {
                    case 0:
                        _step = 1;
                        bucket = Bucket(Hash(Mix(Offset, 'w'), word));
                        return true;
                    case 1:
                        _step = 2;
                        if (_word > 0)
                        {
                            var h = Hash(Mix(Offset, 'p'), tokens[_word - 1]);
                            h = Mix(h, ' ');
                            bucket = Bucket(Hash(h, word));
                            return true;
                        }
                        break;
                    default:
                        // "^word$" has word.Length + 2 characters and word.Length - 1 four-grams.
                        var start = _step - 2;
                        if (word.Length >= 3 && word.Length <= MaxWordForGrams && start <= word.Length - 2)
                        {
                            _step++;
                            var h = Mix(Offset, 'g');
                            for (var i = start; i < start + 4; i++)
                            {
                                var c = i == 0 ? '^' : i == word.Length + 1 ? '$' : word[i - 1];
                                h = Mix(h, c);
                            }
                            bucket = Bucket(h);
                            return true;
                        }
                        _word++;
                        _step = 0;
                        break;
                }
            }
            bucket = -1;
            return false;
        }
    }

    private static uint Hash(uint h, ReadOnlySpan<char> text)
    {
        foreach (var c in text) h = Mix(h, c);
        return h;
    }

    private static uint Mix(uint h, char c)
    {
        h = (h ^ (byte)c) * Prime;
        return c > 0xFF ? (h ^ (byte)(c >> 8)) * Prime : h;
    }

    private static int Bucket(uint h) => (int)((h ^ (h >> 15)) & (TextModel.Size - 1));
}
