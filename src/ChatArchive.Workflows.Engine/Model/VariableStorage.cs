namespace ChatArchive.Workflows.Engine.Model;

/// <summary>
/// Elsa's storage drivers for a variable (<c>storageDriverTypeName</c>). Elsa's <c>WorkflowStorageDriver</c> and
/// <c>WorkflowInstanceStorageDriver</c> keep the value with the instance; its <c>MemoryStorageDriver</c> keeps it only while the workflow
/// runs: after a suspend (or at the end) the variable is back at its initial value. Ours does the same; every other variable, also one
/// without a driver, is kept with the instance.
/// </summary>
public static class VariableStorage
{
    public const string MemoryDriver = "MemoryStorageDriver";

    /// <summary>True for Elsa's memory driver, by its alias ("MemoryStorageDriver") or its type name ("Elsa.Workflows.MemoryStorageDriver, Elsa.Workflows.Core").</summary>
    public static bool IsMemoryOnly(VariableDefinition variable)
    {
        var typeName = variable.StorageDriverTypeName;
        if (string.IsNullOrWhiteSpace(typeName))
        {
            return false;
        }
        var type = typeName.Split(',', 2)[0].Trim();
        return string.Equals(type[(type.LastIndexOf('.') + 1)..], MemoryDriver, StringComparison.Ordinal);
    }
}
