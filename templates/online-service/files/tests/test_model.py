import pytest

from {{project.packageName}}.model import (
    FEATURES,
    accuracy,
    default_model,
    features_of,
    synthetic_customers,
    train,
)


def test_the_model_learns_the_built_in_data():
    rows, labels = synthetic_customers()
    assert 0.2 < sum(labels) / len(labels) < 0.8  # both classes are present
    assert accuracy(train(rows, labels), rows, labels) > 0.85


def test_it_generalises_to_customers_it_has_not_seen():
    rows, labels = synthetic_customers(count=300, seed=99)
    assert accuracy(default_model(), rows, labels) > 0.8


def test_more_support_calls_mean_a_higher_churn_risk():
    model = default_model()
    calm = model.predict({"tenure_months": 24, "monthly_charges": 60, "support_calls": 0})
    angry = model.predict({"tenure_months": 24, "monthly_charges": 60, "support_calls": 7})
    assert angry["probability"] > calm["probability"]
    assert 0.0 <= calm["probability"] <= 1.0


def test_the_threshold_decides():
    model = default_model()
    customer = {"tenure_months": 12, "monthly_charges": 80, "support_calls": 3}
    assert model.predict(customer, threshold=0.01)["churn"] is True
    assert model.predict(customer, threshold=0.999)["churn"] is False


@pytest.mark.parametrize(
    "instance",
    [
        {},
        {"tenure_months": 1, "monthly_charges": 2},
        {"tenure_months": "1", "monthly_charges": 2, "support_calls": 0},
        {"tenure_months": True, "monthly_charges": 2, "support_calls": 0},
        {"tenure_months": float("nan"), "monthly_charges": 2, "support_calls": 0},
        [1, 2, 3],
    ],
)
def test_bad_instances_are_refused_with_the_feature_named(instance):
    with pytest.raises(ValueError):
        features_of(instance)


def test_training_needs_labelled_rows():
    with pytest.raises(ValueError):
        train([], [])
    assert FEATURES == ("tenure_months", "monthly_charges", "support_calls")
