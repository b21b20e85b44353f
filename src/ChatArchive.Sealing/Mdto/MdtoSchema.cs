using System.Xml;
using System.Xml.Schema;

namespace ChatArchive.Sealing.Mdto;

/// <summary>
/// The official MDTO 1.0.1 XSD (Nationaal Archief, a public standard, embedded unchanged) and validation against it.
/// Used by the verifier and the tests, so a sidecar that would not pass transfer is caught at the source.
/// </summary>
public static class MdtoSchema
{
    private static readonly Lazy<XmlSchemaSet> Schemas = new(Load);

    /// <summary>Validation errors (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(Stream xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = Schemas.Value,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} (regel {e.Exception?.LineNumber})");
        try
        {
            using var reader = XmlReader.Create(xml, settings);
            while (reader.Read()) { }
        }
        catch (XmlException e)
        {
            errors.Add($"Error: {e.Message}");
        }
        return errors;
    }

    private static XmlSchemaSet Load()
    {
        using var stream = typeof(MdtoSchema).Assembly.GetManifestResourceStream("mdto/MDTO-XML1.0.1.xsd")
                           ?? throw new InvalidOperationException("Embedded MDTO XSD missing");
        var set = new XmlSchemaSet { XmlResolver = null };
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        set.Add(MdtoWriter.Namespace, reader);
        set.Compile();
        return set;
    }
}
