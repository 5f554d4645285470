namespace Sekisho.Cedar.Validation;

/// <summary>The outcome of validating a policy set: it validates when there are no errors; warnings do not count.</summary>
public sealed record ValidationResult(IReadOnlyList<ValidationError> Errors, IReadOnlyList<ValidationWarning> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}
