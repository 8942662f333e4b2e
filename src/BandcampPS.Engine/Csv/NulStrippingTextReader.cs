namespace BandcampPS.Engine.Csv;

/// <summary>
/// Drops U+0000 characters, which Bandcamp's export is known to leave in its text. Doing it here, before
/// the CSV parser, cleans headers and every value at once and costs one vectorised search per buffer.
/// </summary>
internal sealed class NulStrippingTextReader(TextReader inner) : TextReader
{
    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        while (true)
        {
            var read = inner.Read(buffer);
            if (read == 0)
            {
                return 0;
            }

            var kept = RemoveNuls(buffer[..read]);
            // A buffer of nothing but NULs must not look like the end of the file.
            if (kept > 0)
            {
                return kept;
            }
        }
    }

    public override int Read()
    {
        int c;
        do
        {
            c = inner.Read();
        }
        while (c == 0);

        return c;
    }

    public override int Peek()
    {
        while (inner.Peek() == 0)
        {
            inner.Read();
        }

        return inner.Peek();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static int RemoveNuls(Span<char> chars)
    {
        var next = chars.IndexOf('\0');
        if (next < 0)
        {
            return chars.Length;
        }

        var kept = next;
        for (var i = next + 1; i < chars.Length; i++)
        {
            if (chars[i] != '\0')
            {
                chars[kept++] = chars[i];
            }
        }

        return kept;
    }
}
