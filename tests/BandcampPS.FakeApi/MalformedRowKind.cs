namespace BandcampPS.FakeApi;

/// <summary>How <see cref="FakeFaults.MalformRow"/> breaks a row: valid JSON, but not a valid sale.</summary>
public enum MalformedRowKind
{
    /// <summary><c>"item_name": {"text": "..."}</c></summary>
    ObjectInTextField,

    /// <summary><c>"item_name": ["..."]</c></summary>
    ArrayInTextField,

    /// <summary><c>"item_name": "Broken \ud800 name"</c>: an escape no UTF-16 string can hold alone.</summary>
    LoneSurrogate,
}
