namespace AutoVision.Data.AutoDL.TextFormat;

/// <summary>
/// A message parsed from protobuf text format without a schema: the fields in source order.
/// A schema-aware reader (<see cref="TextFieldReader"/>) interprets the values afterwards.
/// </summary>
internal sealed class TextMessage
{
    public TextMessage(IReadOnlyList<TextField> fields) => Fields = fields;

    /// <summary>All fields in source order; a repeated field appears once per value.</summary>
    public IReadOnlyList<TextField> Fields { get; }

    /// <summary>The fields called <paramref name="name"/>, in source order.</summary>
    public IEnumerable<TextField> All(string name) => Fields.Where(f => f.Name == name);

    /// <summary>The last field called <paramref name="name"/> (text-format merge: the last value wins), or null.</summary>
    public TextField? Last(string name) => Fields.LastOrDefault(f => f.Name == name);
}

/// <summary>
/// One field occurrence: either a scalar token or a nested message.
/// </summary>
/// <param name="Name">Field name as written (bracketed extension names keep their brackets).</param>
/// <param name="Line">1-based line of the field name.</param>
/// <param name="Column">1-based column of the field name.</param>
/// <param name="Scalar">The scalar value; for a negative number or identifier the sign is part of <see cref="TextToken.Text"/>. Null for a message.</param>
/// <param name="Message">The nested message, or null for a scalar.</param>
/// <param name="FromList">Whether the value came from list syntax <c>name: [a, b]</c>.</param>
internal sealed record TextField(string Name, int Line, int Column, TextToken? Scalar, TextMessage? Message, bool FromList);
