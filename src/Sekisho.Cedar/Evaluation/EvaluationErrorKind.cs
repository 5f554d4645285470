namespace Sekisho.Cedar.Evaluation;

/// <summary>The kinds of evaluation error, as the reference distinguishes them.</summary>
public enum EvaluationErrorKind : byte
{
    /// <summary>An attribute or tag of an entity that is not in the entity store was read.</summary>
    EntityDoesNotExist,

    /// <summary>An entity or record has no such attribute.</summary>
    AttributeDoesNotExist,

    /// <summary>An entity has no such tag.</summary>
    TagDoesNotExist,

    /// <summary>An operand had the wrong type.</summary>
    TypeError,

    /// <summary>64-bit arithmetic overflowed.</summary>
    IntegerOverflow,

    /// <summary>An extension function failed (bad argument string, overflow, wrong number of arguments).</summary>
    ExtensionError,

    /// <summary>A template slot was evaluated without a link.</summary>
    UnlinkedSlot,
}
