using System.Linq.Expressions;
using System.Reflection;

namespace BandcampPS.Engine;

/// <summary>
/// The one way a sale's fields are carried onto another shape (the stored row, the reconciled line): every public
/// settable property of the target is bound from the source's public property of the same name, in a compiled
/// expression, so adding a Bandcamp field to both types is all it takes, and no field list is written by hand.
/// Compiled once per shape; a copy then costs what the hand-written initializer did.
/// </summary>
internal static class SameNameCopy
{
    /// <param name="source">The source object (a lambda parameter).</param>
    /// <param name="target">The type being initialised.</param>
    /// <param name="skip">Target properties left out (bound by the caller, or deliberately left empty).</param>
    /// <param name="adapt">Turns the source property's value into the target's (cleaning, normalising); null copies it as is.</param>
    /// <exception cref="InvalidOperationException">A property of the same name has a type the target cannot take.</exception>
    public static IEnumerable<MemberBinding> Bindings(Expression source, Type target, ISet<string> skip,
        Func<PropertyInfo, Expression, Expression>? adapt = null)
    {
        foreach (var property in target.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || skip.Contains(property.Name)) continue;
            var from = source.Type.GetProperty(property.Name, BindingFlags.Public | BindingFlags.Instance);
            if (from is null) continue;
            var value = adapt?.Invoke(property, Expression.Property(source, from)) ?? Expression.Property(source, from);
            if (!property.PropertyType.IsAssignableFrom(value.Type))
                throw new InvalidOperationException(
                    $"{source.Type.Name}.{property.Name} is {value.Type.Name}, but {target.Name}.{property.Name} is {property.PropertyType.Name}.");
            yield return Expression.Bind(property, value);
        }
    }

    /// <summary>The target properties that <see cref="Bindings"/> fills from <paramref name="source"/> (for tests and checks).</summary>
    public static IReadOnlyList<string> CopiedNames(Type source, Type target, ISet<string>? skip = null) =>
        Bindings(Expression.Parameter(source), target, skip ?? new HashSet<string>()).Select(b => b.Member.Name).ToList();
}
