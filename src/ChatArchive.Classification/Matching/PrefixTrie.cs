namespace ChatArchive.Classification.Matching;

/// <summary>A small character trie: walking a word visits every stored prefix of it. Children are kept in sorted arrays (few per node).</summary>
public sealed class PrefixTrie<T>
    where T : class
{
    public sealed class Node
    {
        private char[] _keys = [];
        private Node[] _children = [];

        public T[]? Values { get; internal set; }

        public Node? Child(char c)
        {
            var keys = _keys;
            for (var i = 0; i < keys.Length; i++)
            {
                if (keys[i] == c) return _children[i];
                if (keys[i] > c) return null;
            }
            return null;
        }

        internal Node GetOrAdd(char c)
        {
            if (Child(c) is { } existing) return existing;
            var at = 0;
            while (at < _keys.Length && _keys[at] < c) at++;
            var node = new Node();
            _keys = [.. _keys[..at], c, .. _keys[at..]];
            _children = [.. _children[..at], node, .. _children[at..]];
            return node;
        }
    }

    public Node Root { get; } = new();

    public void Add(string prefix, T[] values)
    {
        var node = Root;
        foreach (var c in prefix) node = node.GetOrAdd(c);
        node.Values = node.Values is null ? values : [.. node.Values, .. values];
    }
}
