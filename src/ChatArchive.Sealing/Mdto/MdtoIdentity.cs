namespace ChatArchive.Sealing.Mdto;

/// <summary>An MDTO identificatie (kenmerk + bron) with the naam it is known by; used for references between sidecars.</summary>
public sealed record MdtoIdentity(string Kenmerk, string Bron, string Naam);
