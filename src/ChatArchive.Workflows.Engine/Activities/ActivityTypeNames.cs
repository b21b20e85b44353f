namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>Elsa's type names for input values (descriptor <c>typeName</c>; also the <c>typeName</c> of a wrapped input).</summary>
public static class ActivityTypeNames
{
    public static string For(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return "String";
        if (t == typeof(int)) return "Int32";
        if (t == typeof(long)) return "Int64";
        if (t == typeof(bool)) return "Boolean";
        if (t == typeof(decimal)) return "Decimal";
        if (t == typeof(double)) return "Double";
        if (t == typeof(DateTimeOffset) || t == typeof(DateTime)) return "DateTime";
        if (t == typeof(TimeSpan)) return "TimeSpan";
        if (t == typeof(string[])) return "String[]";
        if (t.IsEnum) return "String";
        return "Object";
    }
}
