namespace ChatArchive.Domain.Registry;

/// <summary>Seed 000 §2.3: how an account is used.</summary>
public enum AccountUsage
{
    /// <summary>Zakelijk: run for the function; everything on it is business.</summary>
    Corporate = 0,
    /// <summary>Hybride: mixed use; the business posts must be secured.</summary>
    Hybrid = 1,
    /// <summary>Privé: personal use only.</summary>
    Personal = 2,
}
